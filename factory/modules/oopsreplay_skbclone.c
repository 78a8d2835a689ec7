// SPDX-License-Identifier: GPL-2.0
/* Case skbclone: a core-kernel function faults on a corrupted struct field.
 * Like the OpenWrt seed: an sk_buff whose conntrack pointer (_nfct) holds
 * garbage is cloned; __copy_skb_header() copies _nfct and nf_conntrack_get()
 * increments nfct->use (offset 0) through the garbage pointer. */
#include <linux/module.h>
#include <linux/skbuff.h>
#include "truth.h"

/* _nfct keeps ctinfo in its low 3 bits (NFCT_PTRMASK): keep them clear. */
#define BAD_NFCT GARBAGE(0x78ddc300, 0xdead00000000ac00)

static noinline __attribute__((noipa)) void describe(struct sk_buff *skb)
{
	TRUTH("case=skbclone skb=%px &skb->_nfct=%px _nfct=%px len=%u",
	      skb, &skb->_nfct, (void *)skb->_nfct, skb->len);
}

static noinline __attribute__((noipa)) struct sk_buff *forward_clone(struct sk_buff *skb)
{
	return skb_clone(skb, GFP_KERNEL);
}

static int oopsreplay_skbclone_init(void)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	struct sk_buff *clone;

	if (!oopsreplay_spacer(1))
		return -EINVAL;
	if (!skb)
		return -ENOMEM;
	skb_put(skb, 64);
	skb->_nfct = BAD_NFCT;
	describe(skb);
	TRUTH("case=skbclone fn forward_clone=%px fn skb_clone=%px", forward_clone, skb_clone);
	clone = forward_clone(skb);
	pr_info("oopsreplay: clone %px survived\n", clone);
	return -EINVAL;
}
module_init(oopsreplay_skbclone_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsreplay fixture: skb_clone of an skb with a garbage conntrack pointer");
