// SPDX-License-Identifier: GPL-2.0
/* Case chain: a->b->c->val where the middle link b->c holds garbage.
 * Built -O2 (Kbuild) so one register carries a, then b, then c. */
#include <linux/module.h>
#include <linux/slab.h>
#include "truth.h"

#define BAD_C GARBAGE(0x4c3a2f18, 0x5a5a5a5a5a5a5a58)

struct c_obj { u32 flags; u32 pad[4]; u32 val; };
struct b_obj { u32 id; u32 seq; struct c_obj *c; u32 len; };
struct a_obj { u32 kind; struct b_obj *b; u32 weight; };

static noinline __attribute__((noipa)) void describe(struct a_obj *a)
{
	TRUTH("case=chain a=%px &a->b=%px b=%px &b->c=%px c=%px &c->val=%px",
	      a, &a->b, a->b, &a->b->c, a->b->c, &a->b->c->val);
}

static noinline __attribute__((noipa)) u32 chain_sum(struct a_obj *a, u32 k)
{
	struct b_obj *b = a->b;
	u32 s = a->weight * k + b->len;
	struct c_obj *c = b->c;

	s ^= b->seq;
	return s + c->val;
}

static int oopsreplay_chain_init(void)
{
	struct a_obj *a = kzalloc(sizeof(*a), GFP_KERNEL);
	struct b_obj *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!a || !b)
		return -ENOMEM;
	a->kind = 1; a->weight = 3; a->b = b;
	b->id = 7; b->seq = 0x55; b->len = 1500;
	b->c = (struct c_obj *)BAD_C;
	if (!oopsreplay_spacer(1))
		return -EINVAL;
	TRUTH("case=chain fn chain_sum=%px", chain_sum);
	describe(a);
	pr_info("oopsreplay: sum %u\n", chain_sum(a, 5));
	return -EINVAL;
}
module_init(oopsreplay_chain_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsreplay fixture: pointer chain with a garbage middle link");
