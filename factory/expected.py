#!/usr/bin/env python3
"""Assemble fixtures/<case>/expected.json from three real sources:
the console log (oops.txt: register dump, oopsreplay-truth lines), the
compiler's output (objdump -d and the symbol table of the .ko or vmlinux),
and a hand-written reading of that disassembly (factory/truth/<case>.json:
which instruction faults, which load produced the pointer, the chain).

Usage: factory/expected.py fixtures/<arch>-<case>
Spec values: "truth:KEY" = address printed by the module, "reg:NAME" = value
in the register dump, "0x..." = a constant; "at" = byte offset in the function.
"""
import json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oopslog

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def tool(arch, name):
    return ('aarch64-linux-gnu-' if arch == 'arm64' else 'mips-linux-gnu-') + name


def symbols(arch, elf):
    out = {}
    for l in subprocess.run([tool(arch, 'nm'), '-S', elf], capture_output=True, text=True, check=True).stdout.splitlines():
        p = l.split()
        if len(p) == 4 and p[2] in 'tTwW':
            out.setdefault(p[3], (int(p[0], 16), int(p[1], 16)))
    return out


def disassemble(arch, elf, start, size):
    """offset-in-function -> 'mnemonic operands' as objdump prints it."""
    txt = subprocess.run([tool(arch, 'objdump'), '-d', '--start-address=%#x' % start,
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
        if ref.startswith('truth:'):
            return truth[ref[6:]]
        if ref.startswith('reg:'):
            return regs[ref[4:]]
        return hex(int(ref, 16))

    fn = spec['function']
    if spec['image'] == 'module':
        elf = os.path.join(fixture, spec['ko'])
        start, size = symbols(arch, elf)[fn]
        runtime = int(truth[fn], 16)
    else:
        elf = os.path.join(REPO, 'fixtures', 'kernels', arch, 'vmlinux')
        start, size = symbols(arch, elf)[fn]
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
                  'address': crash['faultAddress'], 'base': f['base'], 'offset': f['offset']},
        'chain': [{'pc': step_pc(s.get('at')), 'instruction': ins(s.get('at')), 'kind': s['kind'],
                   'register': s.get('register'), 'value': val(s.get('value')),
                   'loadAddress': val(s.get('loadAddress')), 'expression': s['expression']}
                  for s in spec['chain']],
        'origin': {'kind': spec['origin']['kind'], 'pc': step_pc(spec['origin'].get('at')),
                   'loadAddress': val(spec['origin'].get('loadAddress')),
                   'description': spec['origin']['description']},
        'truth': truth,
    }
    with open(os.path.join(fixture, 'expected.json'), 'w') as fh:
        json.dump(out, fh, indent=2)
        fh.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
