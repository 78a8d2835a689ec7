#!/usr/bin/env python3
"""Assemble fixtures/<case>/expected.json from three real sources:
the console log (oops.txt: register dump, oopsreplay-truth lines), the
compiler's output (objdump -d and the symbol table of the .ko or vmlinux),
and a hand-written reading of that disassembly (factory/truth/<case>.json:
which instruction faults, which load produced the pointer, the chain).

Usage: factory/expected.py fixtures/<arch>-<case>   (prints a README section)
Spec values: "truth:KEY" = address printed by the module (optionally "+N" or
"-N", an offset read from the disassembly), "reg:NAME" = value in the register
dump, "fault" = the fault address, "0x..." = a constant; "at" = byte offset
in the function. "delaySlot": true when the fault is in a MIPS branch delay
slot (the kernel then reports the branch as epc, with Cause.BD set).
"""
import json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oopslog

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def tool(arch, name):
    return ('aarch64-linux-gnu-' if arch == 'arm64' else 'mips-linux-gnu-') + name


def symbol(arch, elf, name, near=None):
    """(start, size) of function NAME; a -Os vmlinux has many local functions
    of one name (__refcount_add.constprop.0), so with NEAR pick the one holding it."""
    found = []
    for l in subprocess.run([tool(arch, 'nm'), '-S', elf], capture_output=True, text=True, check=True).stdout.splitlines():
        p = l.split()
        if len(p) == 4 and p[2] in 'tTwW' and p[3] == name:
            start, size = int(p[0], 16) & ((1 << 64) - 1), int(p[1], 16)
            if arch != 'arm64':
                start &= 0xffffffff
            found.append((start, size))
    if near is not None:
        found = [f for f in found if f[0] <= near < f[0] + f[1]]
    if len(found) != 1:
        raise SystemExit('%s: %d candidates for %s' % (elf, len(found), name))
    return found[0]


def disassemble(arch, elf, start, size):
    """offset-in-function -> 'mnemonic operands' as objdump prints it.
    A .ko's sections all start at 0: read .text only (the crash paths live there)."""
    txt = subprocess.run([tool(arch, 'objdump'), '-d', '-j', '.text', '--start-address=%#x' % start,
                          '--stop-address=%#x' % (start + size), elf], capture_output=True, text=True, check=True).stdout
    out = {}
    for l in txt.splitlines():
        m = re.match(r'^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$', l)
        if m:
            ins = re.sub(r'\s+', ' ', m.group(2).split('#')[0].split('//')[0].split('<')[0]).strip()
            out[int(m.group(1), 16) - start] = ins
    return out


def main(fixture):
    name = os.path.basename(fixture.rstrip('/'))
    arch = name.split('-')[0]
    spec = json.load(open(os.path.join(HERE, 'truth', name + '.json')))
    log = open(os.path.join(fixture, 'oops.txt')).read()
    crash = oopslog.parse(log)
    truth = oopslog.truth(log)
    regs = crash['registers']

    def val(ref):
        if ref is None:
            return None
        if ref == 'fault':
            return crash['faultAddress']
        if ref.startswith('truth:'):
            m = re.fullmatch(r'truth:(.+?)(?:([+-])(0x[0-9a-f]+|\d+))?', ref)
            v = int(truth[m.group(1)], 16)
            if m.group(2):
                v += int(m.group(3), 0) * (1 if m.group(2) == '+' else -1)
            return hex(v)
        if ref.startswith('reg:'):
            return regs[ref[4:]]
        return hex(int(ref, 16))

    fn = spec['function']
    vmlinux = os.path.join(REPO, 'fixtures', 'kernels', arch, 'vmlinux')
    if spec['image'] == 'module':
        elf = os.path.join(fixture, spec['ko'])
        start, size = symbol(arch, elf, fn)
        runtime = int(truth[fn], 16)
    else:
        elf = vmlinux
        start, size = symbol(arch, elf, fn, int(val(spec['near']), 16))
        runtime = start
    dis = disassemble(arch, elf, start, size)

    def step_pc(at):
        return None if at is None else hex(runtime + int(at, 16))

    def ins(at):
        return None if at is None else dis[int(at, 16)]

    f = spec['fault']
    out = {
        'crash': crash,
        'function': {'name': fn, 'address': hex(runtime), 'size': size, 'source': spec['image']},
        'fault': {'pc': step_pc(f['at']), 'instruction': ins(f['at']), 'access': f['access'],
                  'address': crash['faultAddress'], 'base': f['base'], 'offset': f['offset'],
                  'delaySlot': bool(f.get('delaySlot'))},
        'chain': [{'pc': step_pc(s.get('at')), 'instruction': ins(s.get('at')), 'kind': s['kind'],
                   'register': s.get('register'), 'value': val(s.get('value')),
                   'loadAddress': val(s.get('loadAddress')), 'expression': s['expression']}
                  for s in spec['chain']],
        'origin': {'kind': spec['origin']['kind'], 'pc': step_pc(spec['origin'].get('at')),
                   'loadAddress': val(spec['origin'].get('loadAddress')),
                   'description': spec['origin']['description']},
        'truth': truth,
    }
    co = spec.get('callerOrigin')
    if co:
        # the bad value entered as an argument: the load that produced it, in a caller
        cstart, csize = symbol(arch, vmlinux, co['function'], int(val(co['near']), 16))
        cdis = disassemble(arch, vmlinux, cstart, csize)
        out['origin']['callerLoad'] = {
            'function': co['function'], 'pc': hex(cstart + int(co['at'], 16)), 'instruction': cdis[int(co['at'], 16)],
            'loadAddress': val(co['loadAddress']), 'value': val(co['value']), 'path': co['path']}
    with open(os.path.join(fixture, 'expected.json'), 'w') as fh:
        json.dump(out, fh, indent=2)
        fh.write('\n')
    return out, dis


def markdown(out, dis):
    """README section: the faulting function as objdump printed it, and the chain."""
    fn, base = out['function'], int(out['function']['address'], 16)
    rows = ['## Reading the crash', '',
            '`%s` (%s, %d bytes) ran at %s in this boot (from the `fn` truth line or System.map).'
            % (fn['name'], fn['source'], fn['size'], fn['address']), '',
            'objdump -d of the function (offsets from its start; `*` = fault, `o` = origin load):', '', '```']
    fault_at = int(out['fault']['pc'], 16) - base
    origin_at = int(out['origin']['pc'], 16) - base if out['origin']['pc'] else None
    for at in sorted(dis):
        mark = '*' if at == fault_at else 'o' if at == origin_at else ' '
        rows.append('%s %#6x  %s' % (mark, at, dis[at]))
    rows += ['```', '', 'Fault: `%s` at %s, %s of %s = %s + %d%s.' % (
        out['fault']['instruction'], out['fault']['pc'], out['fault']['access'], out['fault']['address'],
        out['fault']['base'], out['fault']['offset'],
        ' (in a branch delay slot: the kernel reports the branch as epc, Cause.BD set)' if out['fault']['delaySlot'] else ''),
        '', 'Chain, from the fault back to where the value entered the function:', '',
        '| pc | instruction | kind | register = value | load address | meaning |', '|---|---|---|---|---|---|']
    for st in out['chain']:
        rows.append('| %s | `%s` | %s | %s = %s | %s | %s |' % (
            st['pc'] or '-', st['instruction'] or '-', st['kind'], st['register'], st['value'],
            st['loadAddress'] or '-', st['expression']))
    rows += ['', 'Origin (%s at %s, load address %s): %s' % (
        out['origin']['kind'], out['origin']['pc'], out['origin']['loadAddress'], out['origin']['description']), '']
    cl = out['origin'].get('callerLoad')
    if cl:
        rows += ['Caller load (`origin.callerLoad`): `%s` at %s in %s read %s from %s; %s' % (
            cl['instruction'], cl['pc'], cl['function'], cl['value'], cl['loadAddress'], cl['path']), '']
    return '\n'.join(rows)


if __name__ == '__main__':
    print(markdown(*main(sys.argv[1])))
