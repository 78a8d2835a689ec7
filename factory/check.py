#!/usr/bin/env python3
"""Check the arithmetic of every fixtures/*/expected.json against its oops
log and its disassembly: base register + offset == fault address, each load
in the chain reads base + displacement == its loadAddress, the origin load's
address is one the module printed, and function address + pcSymbol offset == the reported pc.
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


def same_address(computed, printed, arch):
    """arm64 runs with top-byte-ignore for TTBR0 (bit 55 clear) addresses: the
    kernel prints such a fault address with its top byte cleared."""
    if arch == 'aarch64' and not (computed >> 55) & 1:
        computed &= (1 << 56) - 1
    return computed == printed


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
        expect(same_address((int(regs[f['base']], 16) + f['offset']) & mask, fa, crash['arch']),
               'dump %s=%s + %d != fault address %s' % (f['base'], regs[f['base']], f['offset'], crash['faultAddress']))
    # the kernel reports a fault in a MIPS delay slot at the branch (Cause.BD)
    bd = bool(crash['cause'] and int(crash['cause'], 16) >> 31)
    expect(bd == f['delaySlot'], 'Cause.BD does not match delaySlot')
    reported = int(f['pc'], 16) - (4 if bd else 0)
    if crash['pc']:
        expect(int(crash['pc'], 16) == reported, 'dump pc %s does not locate fault pc %s' % (crash['pc'], f['pc']))
    sym = crash['pcSymbol']
    expect(sym is not None and sym['function'] == e['function']['name'], 'pcSymbol is not the faulting function')
    if sym:
        expect(int(e['function']['address'], 16) + int(sym['offset'], 16) == reported,
               'function address + pcSymbol offset != reported pc')
    # each load in the chain: the value some earlier step put in its base register + displacement
    steps = e['chain']
    for i, s in enumerate(steps):
        if s['kind'] not in ('load', 'fault') or not s['instruction'] or not s['loadAddress']:
            continue
        base, disp = mem_operand(s['instruction'])
        pair = re.match(r'ldp ([wx])\d+, (\w+),', s['instruction'])
        if pair and pair.group(2) == s['register']:
            disp += 8 if pair.group(1) == 'x' else 4    # second register of a load pair
        src = next((t for t in steps[i + 1:] if t['register'] == base and t['value']), None)
        if src:
            expect(same_address((int(src['value'], 16) + disp) & mask, int(s['loadAddress'], 16), crash['arch']),
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
        # The seeds (published write-ups, hand-read) and other fixtures carry no module-printed truth.
        if 'truth' not in json.load(open(os.path.join(fx, 'expected.json'))):
            print('%-28s %s' % (os.path.basename(fx), 'skipped (not from the factory: no truth)'))
            continue
        fails = check(fx)
        print('%-28s %s' % (os.path.basename(fx), 'ok' if not fails else 'FAIL'))
        for m in fails:
            print('   ', m)
        bad += bool(fails)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
