// SPDX-License-Identifier: GPL-2.0
/* Case stack: the bad pointer is reloaded from a stack slot (a local whose
 * address was passed to a lookup helper), not from a struct argument. */
#include <linux/module.h>
#include "truth.h"

#define BAD_OBJ GARBAGE(0x61c0ffe0, 0x00007e5700c0ffe0)

struct obj { u32 refs; u32 state; u32 owner; u32 data; };

static struct obj objs[4];
static struct obj *table[4] = { &objs[0], &objs[1], (struct obj *)BAD_OBJ, &objs[3] };

static noinline __attribute__((noipa)) void lookup_obj(u32 key, struct obj **out)
{
	*out = table[key & 3];
	TRUTH("case=stack slot=%px value=%px &table[%u]=%px", out, *out, key & 3, &table[key & 3]);
}

static noinline __attribute__((noipa)) u32 use_obj(u32 key)
{
	struct obj *o;
	u32 r;

	lookup_obj(key, &o);
	r = key * 3;
	return r + o->state;
}

static int oopsreplay_stack_init(void)
{
	if (!oopsreplay_spacer(1))
		return -EINVAL;
	TRUTH("case=stack fn use_obj=%px fn lookup_obj=%px", use_obj, lookup_obj);
	pr_info("oopsreplay: use_obj %u\n", use_obj(6));
	return -EINVAL;
}
module_init(oopsreplay_stack_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("oopsreplay fixture: bad pointer reloaded from a stack slot");
