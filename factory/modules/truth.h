/* Ground-truth lines each fixture module prints before it crashes.
 * %px prints raw addresses (%p would hash them), so the oops log itself
 * records where every object of the case lives. */
#ifndef OOPSREPLAY_TRUTH_H
#define OOPSREPLAY_TRUTH_H
#include <linux/printk.h>

/* Module init functions here are not __init: GCC treats __init code (and
 * anything calling printk) as cold and moves it to .text.unlikely.  The
 * crashing functions must not be first in .text either, or the MIPS Code:
 * line shows "Bad address in epc" for the words before them: every module
 * calls oopsreplay_spacer() (defined first, so emitted first) from its init. */
static noinline __attribute__((noipa)) unsigned long oopsreplay_spacer(unsigned long x)
{
	x ^= x >> 7;
	x *= 0x9e3779b1UL;
	return x ^ (x >> 11);
}

#define TRUTH(fmt, ...) pr_info("oopsreplay-truth: " fmt "\n", ##__VA_ARGS__)

/* Garbage pointers are aligned to the access size (MIPS raises AdEL/AdES,
 * not a paging fault, for misaligned ones) and point at nothing mapped:
 * MIPS kuseg/kseg2 holes, arm64 non-canonical or unmapped user addresses. */
#ifdef CONFIG_64BIT
#define GARBAGE(mips32, arm64) ((unsigned long)(arm64))
#else
#define GARBAGE(mips32, arm64) ((unsigned long)(mips32))
#endif

#endif
