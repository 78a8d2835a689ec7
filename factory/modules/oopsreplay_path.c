// SPDX-License-Identifier: GPL-2.0
/* Case path: the bad pointer is chosen after a loop and two branches, so
 * only the path actually taken (third rule matches, running hash odd, so
 * the alternate target) explains the store that faults. */
#include <linux/module.h>
#include <linux/slab.h>
#include "truth.h"

#define BAD_ALT GARBAGE(0xd3e5a7f0, 0x0000dead1234f000)

struct target { u32 hits; u32 limit; u32 drops; u32 last_pkt; };
struct rule { u32 mask; u32 value; struct target *tgt; struct target *alt; };

static noinline __attribute__((noipa)) void describe(struct rule *r, int i)
{
	TRUTH("case=path rule%d=%px &rule%d->tgt=%px rule%d.tgt=%px &rule%d->alt=%px rule%d.alt=%px",
	      i, r, i, &r->tgt, i, r->tgt, i, &r->alt, i, r->alt);
}

static noinline __attribute__((noipa)) int classify(const struct rule *rules, int n, u32 pkt)
{
	struct target *t = NULL;
	u32 acc = 0;
	int i;

	for (i = 0; i < n; i++) {
		acc = acc * 31 + rules[i].value;
		if ((pkt & rules[i].mask) == rules[i].value) {
			if (acc & 1)
				t = rules[i].alt;
			else
				t = rules[i].tgt;
			break;
		}
	}
	if (!t)
		return -1;
	t->last_pkt = pkt;
	return i;
}

static int oopsreplay_path_init(void)
{
	static const u32 values[4] = { 0x10, 0x20, 0x31, 0x40 };
	struct rule *rules = kcalloc(4, sizeof(*rules), GFP_KERNEL);
	struct target *good = kcalloc(4, sizeof(*good), GFP_KERNEL);
	int i;

	if (!oopsreplay_spacer(1))
		return -EINVAL;
	if (!rules || !good)
		return -ENOMEM;
	for (i = 0; i < 4; i++) {
		rules[i].mask = 0xff;
		rules[i].value = values[i];
		rules[i].tgt = &good[i];
		rules[i].alt = &good[(i + 1) & 3];
	}
	/* pkt 0x31 matches rule 2; acc = (0x10*31 + 0x20)*31 + 0x31 = 16417, odd. */
	rules[2].alt = (struct target *)BAD_ALT;
	for (i = 0; i < 4; i++)
		describe(&rules[i], i);
	TRUTH("case=path fn classify=%px", classify);
	pr_info("oopsreplay: classify %d\n", classify(rules, 4, 0x31));
	return -EINVAL;
}
module_init(oopsreplay_path_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsreplay fixture: fault whose bad pointer depends on the path taken");
