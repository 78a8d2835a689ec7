// SPDX-License-Identifier: GPL-2.0
/* Case null: a NULL struct pointer loaded from a field, then a field of it:
 * the fault address is the field offset. */
#include <linux/module.h>
#include <linux/slab.h>
#include "truth.h"

struct stats { u64 rx_packets; u64 rx_bytes; u32 errors; u32 drops; };
struct dev_priv { u32 id; const char *name; struct stats *stats; u32 mtu; };

static noinline __attribute__((noipa)) void describe(struct dev_priv *p)
{
	TRUTH("case=null priv=%px &priv->stats=%px stats=%px &stats->drops-offset=%zu",
	      p, &p->stats, p->stats, offsetof(struct stats, drops));
}

static noinline __attribute__((noipa)) void account_drop(struct dev_priv *p, u32 len)
{
	struct stats *s = p->stats;

	if (len > p->mtu)
		s->errors++;
	s->drops++;
}

static int oopsreplay_null_init(void)
{
	struct dev_priv *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	p->id = 3;
	p->name = "eth0";
	p->mtu = 1500;
	describe(p);
	if (!oopsreplay_spacer(1))
		return -EINVAL;
	TRUTH("case=null fn account_drop=%px", account_drop);
	account_drop(p, 64);
	return -EINVAL;
}
module_init(oopsreplay_null_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsreplay fixture: NULL struct pointer plus a field offset");
