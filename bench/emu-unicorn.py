"""The bench/emu.ts loop under Debian's python3-unicorn (2.0.1), with no hook or with a tracing
hook doing the same work as the engine's: per instruction the pc, the instruction word, every
traced register compared with its previous value (old and new kept), memory reads with their
value and writes with the bytes they overwrite. Prints one JSON object.

    /usr/bin/python3 bench/emu-unicorn.py mips32be|aarch64 INSTRUCTIONS none|trace
"""
import json
import sys
import time

from unicorn import Uc, UC_ARCH_ARM64, UC_ARCH_MIPS, UC_MODE_ARM, UC_MODE_BIG_ENDIAN, UC_MODE_MIPS32
from unicorn import UC_HOOK_CODE, UC_HOOK_MEM_READ_AFTER, UC_HOOK_MEM_WRITE
from unicorn import arm64_const as A
from unicorn import mips_const as M

CODE = 0x10000
DATA = 0x20000

MIPS_LOOP = [0x8C8A0000, 0x25080001, 0x01485026, 0xAC8A0000, 0x1509FFFB, 0x004A1021]
ARM64_LOOP = [0xB9400082, 0x91000400, 0x4A000042, 0xB9000082, 0xEB01001F, 0x54FFFF61]


def setup(arch):
    if arch == "aarch64":
        uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
        words, order = ARM64_LOOP, "little"
        regs = [getattr(A, f"UC_ARM64_REG_X{i}") for i in range(31)] + [A.UC_ARM64_REG_SP, A.UC_ARM64_REG_PSTATE]
        uc.reg_write(A.UC_ARM64_REG_X4, DATA)
        uc.reg_write(A.UC_ARM64_REG_X1, 0xFFFFFFFF)
    else:
        uc = Uc(UC_ARCH_MIPS, UC_MODE_MIPS32 + UC_MODE_BIG_ENDIAN)
        words, order = MIPS_LOOP, "big"
        regs = [getattr(M, f"UC_MIPS_REG_{i}") for i in range(32)] + [M.UC_MIPS_REG_HI, M.UC_MIPS_REG_LO]
        uc.reg_write(M.UC_MIPS_REG_4, DATA)
        uc.reg_write(M.UC_MIPS_REG_9, 0xFFFFFFFF)
    uc.mem_map(CODE, 0x1000)
    uc.mem_map(DATA, 0x1000)
    uc.mem_write(CODE, b"".join(w.to_bytes(4, order) for w in words))
    return uc, regs, order


def trace(uc, regs, order):
    records = []
    state = {"prev": [uc.reg_read(r) for r in regs], "pending": None}
    words = {}

    def on_code(uc, address, size, user):
        cur = [uc.reg_read(r) for r in regs]
        pending = state["pending"]
        if pending is not None:
            prev = state["prev"]
            pending[2] = [(i, prev[i], cur[i]) for i in range(len(regs)) if cur[i] != prev[i]]
            records.append(pending)
        word = words.get(address)
        if word is None:
            word = int.from_bytes(uc.mem_read(address, 4), order)
            words[address] = word
        state["pending"] = [address, word, None, [], []]
        state["prev"] = cur

    def on_read(uc, access, address, size, value, user):
        state["pending"][3].append((address, size, value))

    def on_write(uc, access, address, size, value, user):
        state["pending"][4].append((address, size, value, bytes(uc.mem_read(address, size))))

    uc.hook_add(UC_HOOK_CODE, on_code)
    uc.hook_add(UC_HOOK_MEM_READ_AFTER, on_read)
    uc.hook_add(UC_HOOK_MEM_WRITE, on_write)
    return records


def main():
    arch, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    uc, regs, order = setup(arch)
    records = trace(uc, regs, order) if mode == "trace" else None
    start = time.perf_counter()
    uc.emu_start(CODE, 0xFFFFFFFFFFFFFFFF, 0, count)
    seconds = time.perf_counter() - start
    print(json.dumps({"instructions": count, "seconds": seconds, "ips": count / seconds,
                      "records": len(records) if records is not None else None}))


main()
