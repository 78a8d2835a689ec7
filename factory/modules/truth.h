/* Ground-truth lines each fixture module prints before it crashes.
 * %px prints raw addresses (%p would hash them), so the oops log itself
 * records where every object of the case lives. */
#ifndef OOPSREPLAY_TRUTH_H
#define OOPSREPLAY_TRUTH_H
#include <linux/printk.h>

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
