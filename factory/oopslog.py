"""Read the facts a fixture's oops.txt states, for expected.json.

This is factory tooling, independent of oopsreplay's own parser: it knows
just the two formats the fixture kernels print (Linux 6.1 MIPS32 and arm64).
Hex values come out 0x-prefixed, lowercase, without leading zeros.
"""
import re

TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')
MIPS_REGS = ['zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
             's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra']


def hx(s):
    return hex(int(s, 16))


def lines_of(text):
    return [TS.sub('', l.rstrip('\r')) for l in text.splitlines()]


def symbol(s):
    m = re.match(r'^\s*([\w.$]+)\+0x([0-9a-f]+)/0x([0-9a-f]+)(?:\s+\[(\w+)\])?', s)
    if not m:
        return None
    return {'function': m.group(1), 'offset': hx(m.group(2)), 'size': hx(m.group(3)), 'module': m.group(4)}


def truth(text):
    """key -> hex from the 'oopsreplay-truth:' lines (keys like 'a', '&b->c', 'chain_sum')."""
    out = {}
    for l in lines_of(text):
        i = l.find('oopsreplay-truth:')
        if i < 0:
            continue
        for tok in l[i + len('oopsreplay-truth:'):].split():
            if '=' in tok:
                k, v = tok.split('=', 1)
                if re.fullmatch(r'[0-9a-f]{8,16}', v):
                    out[k] = hx(v)
    return out


def common(ls, r):
    for l in ls:
        m = re.match(r'^CPU: (\d+) PID: (\d+) Comm: (.+?) (?:Tainted: (.+?)|Not tainted) +(\d+\.\d+\.\d+)', l)
        if m:
            r['cpu'], r['pid'], r['comm'] = int(m.group(1)), int(m.group(2)), m.group(3)
            r['tainted'] = ('Tainted: ' + m.group(4).strip()) if m.group(4) else 'Not tainted'
            r['kernelVersion'] = m.group(5)
        m = re.match(r'^Modules linked in:(.*)$', l)
        if m:
            r['modules'] = [re.sub(r'\(.*\)$', '', t) for t in m.group(1).split()]


def code_line(ls):
    for l in ls:
        if l.startswith('Code: '):
            words, fault = [], None
            for t in l[6:].split():
                if t.startswith('<') or t.startswith('('):
                    fault = len(words)
                w = t.strip('<>()')
                if re.fullmatch(r'[0-9a-f]+', w):
                    words.append(hx(w))
            return {'words': words, 'faultIndex': fault}
    return None


def parse_mips(ls):
    r = {'arch': 'mips', 'esr': None, 'registers': {}, 'callTrace': [], 'stack': None}
    for i, l in enumerate(ls):
        m = re.match(r'^CPU \d+ Unable to handle kernel .*? at virtual address ([0-9a-f]+), epc == ([0-9a-f]+), ra == ([0-9a-f]+)', l)
        if m and 'message' not in r:
            # The whole headline, as the corpus sidecars give it (header_line).
            r['message'], r['faultAddress'] = m.group(0), hx(m.group(1))
        m = re.match(r'^\$\s*(\d+)\s*:\s*((?:[0-9a-f]{8}\s*)+)$', l)
        if m:
            n = int(m.group(1))
            for j, w in enumerate(m.group(2).split()):
                r['registers'][MIPS_REGS[n + j if n != 24 or j < 2 else n + j + 2]] = hx(w)
        for name, key in (('Hi', 'hi'), ('Lo', 'lo'), ('epc', 'epc'), ('ra', 'ra'), ('Status', 'status'), ('Cause', 'cause'), ('BadVA', 'badvaddr')):
            m = re.match(r'^%s\s*:\s*([0-9a-f]{8})\b\s*(.*)$' % name, l)
            if m:
                if key != 'ra':
                    r['registers'][key] = hx(m.group(1))
                if key == 'epc':
                    r['pc'], r['pcSymbol'] = hx(m.group(1)), symbol(m.group(2))
                if key == 'ra':
                    r['ra'], r['raSymbol'] = hx(m.group(1)), symbol(m.group(2))
                if key == 'cause':
                    r['cause'] = hx(m.group(1))
        if l.startswith('Stack : '):
            words = l[8:].split()
            for c in ls[i + 1:]:
                if c.startswith('Call Trace:'):
                    break
                words += c.split()
            r['stack'] = {'words': [hx(w) for w in words if re.fullmatch(r'[0-9a-f]{8}', w)]}
        if l.startswith('Call Trace:'):
            for c in ls[i + 1:]:
                m = re.match(r'^\[<([0-9a-f]+)>\] (.*)$', c)
                if not m:
                    break
                s = symbol(m.group(2))
                r['callTrace'].append({**s, 'address': hx(m.group(1))})
    exc = (int(r['cause'], 16) >> 2) & 0x1f
    r['access'] = {2: 'read', 3: 'write'}.get(exc)
    if r['access'] == 'read' and r['faultAddress'] == r['pc']:
        r['access'] = 'fetch'
    common(ls, r)
    r['code'] = code_line(ls)
    return r


def parse_arm64(ls):
    r = {'arch': 'aarch64', 'pc': None, 'ra': None, 'cause': None, 'stack': None, 'registers': {}, 'callTrace': []}
    for i, l in enumerate(ls):
        m = re.match(r'^(Unable to handle kernel .*? at virtual address ([0-9a-f]+))$', l)
        if m and 'message' not in r:
            r['message'], r['faultAddress'] = m.group(1), hx(m.group(2))
        m = re.match(r'^\s*ESR = 0x([0-9a-f]+)$', l)
        if m and 'esr' not in r:
            r['esr'] = hx(m.group(1))
        m = re.match(r'^\s*WnR = ([01])', l)
        if m:
            r['access'] = 'write' if m.group(1) == '1' else 'read'
        m = re.match(r'^pc : (.*)$', l)
        if m:
            r['pcSymbol'] = symbol(m.group(1))
        m = re.match(r'^lr : (.*)$', l)
        if m:
            r['raSymbol'] = symbol(m.group(1))
        m = re.match(r'^sp : ([0-9a-f]{16})$', l)
        if m:
            r['registers']['sp'] = hx(m.group(1))
        m = re.match(r'^pstate: ([0-9a-f]+)', l)
        if m:
            r['registers']['pstate'] = hx(m.group(1))
        for m in re.finditer(r'\bx(\d+)\s*: ([0-9a-f]{16})', l):
            r['registers']['x' + m.group(1)] = hx(m.group(2))
        if l.startswith('Call trace:'):
            for c in ls[i + 1:]:
                s = symbol(c)
                if not s:
                    break
                r['callTrace'].append({**s, 'address': None})
    if 'access' not in r:
        r['access'] = 'fetch' if (int(r['esr'], 16) >> 26) in (0x20, 0x21) else None
    common(ls, r)
    r['code'] = code_line(ls)
    return r


FIELDS = ['arch', 'message', 'faultAddress', 'access', 'pc', 'ra', 'pcSymbol', 'raSymbol', 'registers', 'callTrace',
          'code', 'stack', 'esr', 'cause', 'cpu', 'pid', 'comm', 'kernelVersion', 'tainted', 'modules']


def parse(text):
    ls = lines_of(text)
    r = parse_arm64(ls) if any(l.startswith('pstate: ') for l in ls) else parse_mips(ls)
    return {k: r.get(k) for k in FIELDS}
