// SPDX-License-Identifier: GPL-2.0
/* Case list: list_for_each_entry walks onto a garbage next pointer; the
 * fault address is the garbage minus offsetof(node) plus offsetof(id). */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include "truth.h"

#define BAD_NEXT GARBAGE(0x7a5c0120, 0x6b6b6b6b6b6b6b68)

struct item { u32 weight; u32 pad; struct list_head node; u32 id; };

static LIST_HEAD(items);

static noinline __attribute__((noipa)) void describe(struct item *it, int i)
{
	TRUTH("case=list item%d=%px &item%d->node.next=%px item%d.next=%px",
	      i, it, i, &it->node.next, i, it->node.next);
}

static noinline __attribute__((noipa)) struct item *find_item(struct list_head *head, u32 id, u32 *sum)
{
	struct item *it;
	u32 s = 0;

	list_for_each_entry(it, head, node) {
		if (it->id == id) {
			*sum = s;
			return it;
		}
		s += it->weight;
	}
	*sum = s;
	return NULL;
}

static int oopsreplay_list_init(void)
{
	struct item *it = NULL;
	u32 sum;
	int i;

	for (i = 0; i < 3; i++) {
		it = kzalloc(sizeof(*it), GFP_KERNEL);
		if (!it)
			return -ENOMEM;
		it->id = 100 + i;
		it->weight = 10 * (i + 1);
		list_add_tail(&it->node, &items);
	}
	it->node.next = (struct list_head *)BAD_NEXT;
	if (!oopsreplay_spacer(1))
		return -EINVAL;
	TRUTH("case=list head=%px", &items);
	list_for_each_entry(it, &items, node) {
		describe(it, it->id - 100);
		if (it->node.next == (struct list_head *)BAD_NEXT)
			break;
	}
	TRUTH("case=list fn find_item=%px", find_item);
	it = find_item(&items, 999, &sum);
	pr_info("oopsreplay: found %px sum %u\n", it, sum);
	return -EINVAL;
}
module_init(oopsreplay_list_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsreplay fixture: list walk onto a garbage next pointer");
