/**
 * Differential check of the MIPS lifter against Unicorn (emu's Engine): run a random sequence from a
 * random register and memory state in both, one unit (instruction, or branch + delay slot) at a time,
 * and compare after every unit: the pc, every GPR and hi/lo on the bits our state knows, and the bytes
 * our model stored. At the end of a sequence the whole data page is compared.
 */
import { Engine } from '../../emu/engine.js';
import {
  type Outcome, type PartialValue, PartialState, agrees, evaluate, execute, formatPartial, isKnown, known,
} from '../../src/ir/index.js';
import { decode, formatInsn, lift, liftUnit } from '../../src/isa/mips/index.js';
import { GPR_NAMES } from '../../src/isa/mips/registers.js';
import type { LiftedInsn } from '../../src/isa/types.js';
import { BASE_REGS, type Rng, randomSequence } from './mips-generator.js';

export const CODE_BASE = 0x00400000;
export const DATA_BASE = 0x10000000n;
export const DATA_SIZE = 0x1000;
/**
 * Code slots of 0x100 bytes, each used once per engine: Unicorn keeps translated blocks across
 * uc_mem_write, so rewriting code at an address already run executes the old code (measured).
 */
const CODE_SIZE = 0x100000;
export const CODE_SLOTS = CODE_SIZE / 0x100;

export interface Disagreement {
  readonly pc: string;
  readonly insn: string;
  readonly what: string;
  readonly ours: string;
  readonly unicorn: string;
  readonly sequence: string[];
}

export interface SequenceResult {
  readonly units: number;
  readonly instructions: number;
  /** Register comparisons where our state knew every bit. */
  readonly fullyKnownChecks: number;
  readonly partialChecks: number;
  readonly disagreements: Disagreement[];
  readonly byForm: Map<string, number>;
  readonly endedBy: 'end' | 'trap' | 'unknown-control';
}

const REGS: readonly string[] = [...GPR_NAMES.slice(1), 'hi', 'lo'];

export class MipsDifferential {
  private readonly engine: Engine;
  private readonly endian: 'be' | 'le';
  /**
   * CPU state before any run. Restored before each sequence: after an exception in a delay slot,
   * QEMU's pending-branch state survives in the CPU and would turn the next run's first instruction
   * into a delay slot of that old branch (measured; reported to emu).
   */
  private readonly clean: ReturnType<Engine['saveContext']>;

  constructor(endian: 'be' | 'le') {
    this.endian = endian;
    this.engine = Engine.open(endian === 'be' ? 'mips32be' : 'mips32le', { limits: { maxInstructions: 64 } });
    this.engine.map(BigInt(CODE_BASE), CODE_SIZE, 'code', 'fuzz code');
    this.engine.map(DATA_BASE, DATA_SIZE, 'dump', 'fuzz data');
    this.clean = this.engine.saveContext();
  }

  close(): void {
    this.engine.close();
  }

  runSequence(r: Rng, length: number, codeSlot: number): SequenceResult {
    this.engine.restoreContext(this.clean);
    if (codeSlot >= CODE_SLOTS) throw new Error('MipsDifferential: code slots exhausted; open a new one');
    const base = CODE_BASE + codeSlot * 0x100;
    const words = randomSequence(r, length, base);
    const code = new Uint8Array(words.length * 4);
    const dv = new DataView(code.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w, this.endian === 'le'));
    this.engine.write(BigInt(base), code);

    const data = new Uint8Array(DATA_SIZE);
    for (let i = 0; i < DATA_SIZE; i += 4) new DataView(data.buffer).setUint32(i, r());
    this.engine.write(DATA_BASE, data);

    const st = new PartialState();
    st.memory.setBytes(DATA_BASE, data);
    for (let n = 1; n < 32; n++) {
      const v = BASE_REGS.includes(n) ? Number(DATA_BASE) + 0x200 + (r() % 0xc00) : r();
      // Bases are word-aligned; misalignment comes from the generated offsets.
      const value = BASE_REGS.includes(n) ? v & ~3 : v;
      this.engine.setReg(GPR_NAMES[n]!, BigInt(value >>> 0));
      st.regs.set(GPR_NAMES[n]!, known(value >>> 0, 32));
    }
    for (const hl of ['hi', 'lo']) {
      const v = r();
      this.engine.setReg(hl, BigInt(v));
      st.regs.set(hl, known(v, 32));
    }

    const sequence = words.map((w, i) => `${(base + i * 4).toString(16)}: ${w.toString(16).padStart(8, '0')} ${formatInsn(decode(w, BigInt(base + i * 4)))}`);
    const disagreements: Disagreement[] = [];
    const byForm = new Map<string, number>();
    let pc = BigInt(base);
    const end = BigInt(base + words.length * 4);
    let units = 0, instructions = 0, fullyKnownChecks = 0, partialChecks = 0;
    let endedBy: SequenceResult['endedBy'] = 'end';
    const written = new Set<bigint>();

    const disagree = (what: string, ours: string, unicorn: string, at: bigint): void => {
      disagreements.push({ pc: `0x${at.toString(16)}`, insn: formatInsn(decode(words[Number(at - BigInt(base)) / 4]!, at)), what, ours, unicorn, sequence });
    };

    while (pc < end && disagreements.length === 0) {
      const index = Number(pc - BigInt(base)) / 4;
      const insn = decode(words[index]!, pc);
      let unit: LiftedInsn = lift(insn, this.endian);
      byForm.set(insn.form, (byForm.get(insn.form) ?? 0) + 1);
      let size = 1;
      if (unit.delaySlot) {
        const slot = decode(words[index + 1]!, pc + 4n);
        byForm.set(slot.form, (byForm.get(slot.form) ?? 0) + 1);
        unit = liftUnit(unit, lift(slot, this.endian));
        size = 2;
      }
      st.tmps.clear();
      // Statement by statement, so each store's address is evaluated in the state it sees.
      let outcome: Outcome = { kind: 'next' };
      for (const s of unit.stmts) {
        if (s.kind === 'store') {
          const a = evaluate(s.addr, st);
          if (isKnown(a)) for (let i = 0; i < s.value.width / 8; i++) written.add(a.value + BigInt(i));
        }
        outcome = execute([s], st);
        if (outcome.kind !== 'next') break;
      }
      const run = this.engine.run({ begin: pc, count: 1 });
      units++;
      instructions += size;

      let next: bigint | undefined = pc + BigInt(size * 4);
      if (outcome.kind === 'trap') {
        if (!isKnown(outcome.taken)) { endedBy = 'unknown-control'; break; }
        const theirs = run.stop.kind === 'exception' ? 'exception' : `no exception (${run.stop.kind})`;
        if (run.stop.kind !== 'exception') disagree('exception', `trap ${outcome.reason}`, theirs, pc);
        endedBy = 'trap';
        this.compareRegisters(st, pc, disagree, () => fullyKnownChecks++, () => partialChecks++);
        break;
      }
      if (run.stop.kind === 'exception' || run.stop.kind === 'fault') {
        disagree('exception', 'no exception', JSON.stringify(run.stop, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)), pc);
        break;
      }
      if (outcome.kind === 'exit') {
        if (!isKnown(outcome.taken) || !isKnown(outcome.target)) { endedBy = 'unknown-control'; break; }
        next = outcome.taken.value === 1n ? outcome.target.value : next;
      }
      if (run.pc !== next) disagree('pc', `0x${next.toString(16)}`, `0x${run.pc.toString(16)}`, pc);
      this.compareRegisters(st, pc, disagree, () => fullyKnownChecks++, () => partialChecks++);
      for (const a of written) {
        const ours = st.memory.readByte(a);
        const theirs = this.engine.read(a, 1)[0]!;
        if (!agrees(ours, BigInt(theirs))) disagree(`memory 0x${a.toString(16)}`, formatPartial(ours), `0x${theirs.toString(16)}`, pc);
      }
      written.clear();
      pc = next;
    }
    if (disagreements.length === 0) {
      const page = this.engine.read(DATA_BASE, DATA_SIZE);
      for (let i = 0; i < DATA_SIZE; i++) {
        const ours = st.memory.readByte(DATA_BASE + BigInt(i));
        if (!agrees(ours, BigInt(page[i]!))) {
          disagree(`memory 0x${(DATA_BASE + BigInt(i)).toString(16)} (end of sequence)`, formatPartial(ours), `0x${page[i]!.toString(16)}`, pc - 4n >= BigInt(base) ? pc - 4n : pc);
          break;
        }
      }
    }
    return { units, instructions, fullyKnownChecks, partialChecks, disagreements, byForm, endedBy };
  }

  private compareRegisters(st: PartialState, pc: bigint, disagree: (w: string, o: string, u: string, at: bigint) => void, full: () => void, part: () => void): void {
    for (const name of REGS) {
      const ours: PartialValue = st.reg(name, 32);
      const theirs = this.engine.reg(name);
      if (isKnown(ours)) full();
      else if (ours.known !== 0n) part();
      if (!agrees(ours, theirs)) disagree(name, formatPartial(ours), `0x${theirs.toString(16)}`, pc);
    }
  }
}
