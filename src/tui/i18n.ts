/** UI labels and narration phrases in English and Chinese (`--lang zh`). */
import { UserError } from '../errors.js';

export type Lang = 'en' | 'zh';

export interface Labels {
  readonly step: string;
  readonly code: string;
  readonly registers: string;
  readonly accesses: string;
  readonly chain: string;
  readonly noAccesses: string;
  readonly concrete: string;
  readonly symbolic: string;
  readonly unknown: string;
  readonly legend: string;
  readonly legendShort: string;
  readonly help: string;
  readonly helpClose: string;
  readonly commandsHelp: readonly string[];
  readonly keyStepForward: string;
  readonly keyStepBack: string;
  readonly keyFault: string;
  readonly keyOrigin: string;
  readonly keyPrevChain: string;
  readonly keyNextChain: string;
  readonly keyToggle: string;
  readonly keyCommand: string;
  readonly keyHelp: string;
  readonly keyQuit: string;
  readonly keyStart: string;
  readonly keyFocus: string;
  readonly keySelectDown: string;
  readonly keySelectUp: string;
  readonly noOrigin: string;
  readonly noChain: string;
  readonly running: string;
  readonly narration: Narration;
}

/** Phrases the narration joins into one or two sentences about the current step. */
export interface Narration {
  readonly gap: (range: string) => string;
  readonly fault: (insn: string, access: string, address: string) => string;
  readonly origin: (insn: string, reg: string, value: string, address: string) => string;
  readonly chain: (insn: string, reg: string, value: string) => string;
  readonly reads: (size: number, address: string, value: string) => string;
  readonly writes: (size: number, address: string, value: string) => string;
  readonly sets: (regs: string) => string;
  readonly nothing: (insn: string) => string;
  readonly notDetermined: string;
  readonly unknownValue: string;
  readonly read: string;
  readonly write: string;
}

const en: Labels = {
  step: 'step', code: 'code', registers: 'registers', accesses: 'memory', chain: 'bad-address chain',
  noAccesses: 'no memory access', concrete: 'concrete', symbolic: 'symbolic', unknown: '?',
  legendShort: '=dump ~rebuilt ?unknown *changed',
  legend: '= from the dump  ~ reconstructed  ? unknown  * changed by the previous step',
  help: 'Keys', helpClose: 'press ? or Esc to close',
  commandsHelp: [
    ':x/4wx ADDR   memory the reconstruction knows (stack dump, recovered loads); ?? = unknown',
    ':p $REG       a register at this step: value, expression, and why',
    ':assume REG=VALUE | memN[ADDR]=VALUE   rerun the replay under that assumption',
    ':step N  :goto +0xOFF   jump to a step or to an offset in the function',
  ],
  keyStepForward: 'next', keyStepBack: 'back', keyFault: 'fault', keyOrigin: 'origin',
  keyPrevChain: 'chain-', keyNextChain: 'chain+', keyToggle: 'sym/conc', keyCommand: 'cmd',
  keyHelp: 'help', keyQuit: 'quit', keyStart: 'first step', keyFocus: 'switch pane (code/registers)',
  keySelectDown: 'next step / next register', keySelectUp: 'previous step / previous register',
  noOrigin: 'the reconstruction found no origin load on this path',
  noChain: 'no further chain step in that direction',
  running: 'rerunning the replay...',
  narration: {
    gap: (range) => `The input does not show this code (${range}); what it does is unknown, so values after it come from the dump.`,
    fault: (insn, access, address) => `Crash: \`${insn}\` tries to ${access} ${address}, an address nothing maps, and the CPU faults.`,
    origin: (insn, reg, value, address) => `Origin: \`${insn}\` loads ${reg} = ${value} from memory at ${address}. The bad pointer was already in memory.`,
    chain: (insn, reg, value) => `Chain: \`${insn}\` passes the bad value on in ${reg} = ${value}.`,
    reads: (size, address, value) => `It reads ${size} bytes at ${address} (${value}).`,
    writes: (size, address, value) => `It writes ${size} bytes to ${address} (${value}).`,
    sets: (regs) => `It sets ${regs}.`,
    nothing: (insn) => `\`${insn}\` changes no register the trace follows.`,
    notDetermined: 'an address not determined', unknownValue: 'value unknown',
    read: 'read', write: 'write',
  },
};

const zh: Labels = {
  step: '步', code: '代码', registers: '寄存器', accesses: '内存访问', chain: '坏地址链',
  noAccesses: '无内存访问', concrete: '具体值', symbolic: '符号式', unknown: '?',
  legendShort: '=转储 ~重建 ?未知 *改变',
  legend: '= 来自转储  ~ 重建所得  ? 未知  * 上一步改变',
  help: '按键', helpClose: '按 ? 或 Esc 关闭',
  commandsHelp: [
    ':x/4wx 地址   重建已知的内存（栈转储、恢复的加载值）；?? = 未知',
    ':p $寄存器    本步寄存器：值、表达式和来由',
    ':assume 寄存器=值 | memN[地址]=值   在此假设下重新回放',
    ':step N  :goto +0x偏移   跳到某一步或函数内某偏移',
  ],
  keyStepForward: '下一步', keyStepBack: '上一步', keyFault: '崩溃点', keyOrigin: '源头',
  keyPrevChain: '上一链', keyNextChain: '下一链', keyToggle: '符号/具体', keyCommand: '命令',
  keyHelp: '帮助', keyQuit: '退出', keyStart: '第一步', keyFocus: '切换窗格（代码/寄存器）',
  keySelectDown: '下一步 / 下一个寄存器', keySelectUp: '上一步 / 上一个寄存器',
  noOrigin: '在这条路径上没有找到源头加载指令',
  noChain: '这个方向没有更多链步骤',
  running: '正在重新回放……',
  narration: {
    gap: (range) => `输入没有给出这段代码（${range}），它做了什么未知；之后的值来自寄存器转储。`,
    fault: (insn, access, address) => `崩溃：\`${insn}\` 试图${access}地址 ${address}，该地址没有映射，CPU 触发异常。`,
    origin: (insn, reg, value, address) => `源头：\`${insn}\` 从内存 ${address} 把 ${reg} = ${value} 读了进来。坏指针早已在内存里。`,
    chain: (insn, reg, value) => `链：\`${insn}\` 把坏值传到 ${reg} = ${value}。`,
    reads: (size, address, value) => `它从 ${address} 读 ${size} 字节（${value}）。`,
    writes: (size, address, value) => `它向 ${address} 写 ${size} 字节（${value}）。`,
    sets: (regs) => `它设置了 ${regs}。`,
    nothing: (insn) => `\`${insn}\` 没有改变所跟踪的寄存器。`,
    notDetermined: '未确定的地址', unknownValue: '值未知',
    read: '读', write: '写',
  },
};

export const LABELS: Record<Lang, Labels> = { en, zh };

export function parseLang(value: string | undefined): Lang {
  if (value === undefined || value === 'en') return 'en';
  if (value === 'zh') return 'zh';
  throw new UserError(`--lang must be en or zh, not '${value}'`);
}
