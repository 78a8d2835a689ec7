#!/usr/bin/env python3
"""Check the arithmetic of every fixtures/*/expected.json against its oops
log and its disassembly: base register + offset == fault address, each load
in the chain reads base + displacement == its loadAddress, the origin load's
address is one the module printed, and (MIPS) pc == function + offset.
Usage: factory/check.py [fixtures/<case> ...]   Exit status 1 on any mismatch."""
import glob, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oopslog

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mem_operand(ins):
    """(base register, displacement) of a load/store as objdump prints it."""
    m = re.search(r'(-?\d+)\((\w+)\)$', ins)                  # MIPS: lw v0,20(v0)
    if m:
        return m.group(2), int(m.group(1))
    m = re.search(r'\[(\w+)(?:, #(-?0x[0-9a-f]+|-?\d+))?\]', ins)  # arm64: ldr w0, [x1, #20]
    if m:
        return m.group(1), int(m.group(2) or '0', 0)
    return None


def check(fx):
    e = json.load(open(os.path.join(fx, 'expected.json')))
    crash, f, truth = e['crash'], e['fault'], e['truth']
    bits = 64 if crash['arch'] == 'aarch64' else 32
    mask = (1 << bits) - 1
    fails = []

    def expect(cond, what):
        if not cond:
            fails.append(what)

    live = oopslog.parse(open(os.path.join(fx, 'oops.txt')).read())
    expect(live == crash, 'crash fields differ from a fresh read of oops.txt')
    regs = crash['registers']
    fa = int(crash['faultAddress'], 16)
    op = mem_operand(f['instruction'])
    expect(op == (f['base'], f['offset']),
           'fault instruction %r is not [%s + %d]' % (f['instruction'], f['base'], f['offset']))
    if f['base'] in regs:
        expect((int(regs[f['base']], 16) + f['offset']) & mask == fa,
               'dump %s=%s + %d != fault address %s' % (f['base'], regs[f['base']], f['offset'], crash['faultAddress']))
    if crash['pc']:
        bd = crash['cause'] and int(crash['cause'], 16) >> 31
        expect(bool(bd) == f['delaySlot'], 'Cause.BD does not match delaySlot')
        expect(int(crash['pc'], 16) + (4 if bd else 0) == int(f['pc'], 16),
               'dump pc %s (BD=%d) does not locate fault pc %s' % (crash['pc'], bool(bd), f['pc']))
        sym = crash['pcSymbol']
        if sym['function'] == e['function']['name']:
            expect(int(e['function']['address'], 16) + int(sym['offset'], 16) == int(crash['pc'], 16),
                   'function address + pcSymbol offset != pc')
    # each load in the chain: the value some earlier step put in its base register + displacement
    steps = e['chain']
    for i, s in enumerate(steps):
        if s['kind'] not in ('load', 'fault') or not s['instruction'] or not s['loadAddress']:
            continue
        base, disp = mem_operand(s['instruction'])
        src = next((t for t in steps[i + 1:] if t['register'] == base and t['value']), None)
        if src:
            expect((int(src['value'], 16) + disp) & mask == int(s['loadAddress'], 16),
                   'step %d: %s=%s + %d != loadAddress %s' % (i, base, src['value'], disp, s['loadAddress']))
    o = e['origin']
    if o['kind'] in ('load', 'stack'):
        expect(o['loadAddress'] in truth.values(), 'origin loadAddress %s was not printed by the module' % o['loadAddress'])
        ol = next((s for s in steps if s['pc'] == o['pc']), None)
        expect(ol is not None and ol['loadAddress'] == o['loadAddress'], 'origin is not a step of the chain')
    return fails


def main(args):
    fxs = args or sorted(os.path.dirname(p) for p in glob.glob(os.path.join(REPO, 'fixtures', '*', 'expected.json')))
    bad = 0
    for fx in fxs:
        fails = check(fx)
        print('%-28s %s' % (os.path.basename(fx), 'ok' if not fails else 'FAIL'))
        for m in fails:
            print('   ', m)
        bad += bool(fails)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
