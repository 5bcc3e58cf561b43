// SPDX-License-Identifier: GPL-2.0
/*
 * Slowdown injection: a validation knob for the regression gate. Loaded
 * with inject_api=NAME inject_pct=P, the module makes every timed
 * allocation of that one API P % slower than it measured, so that a
 * comparison against a run without the knob must find exactly that change
 * (and nothing else). Off unless both parameters are given at load time;
 * mode 0444, so a running benchmark can never be slowed behind its back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cache.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "kmb_engine.h"

#define KMB_INJECT_PCT_MAX	1000

/**
 * DOC: inject_api
 *
 * inject_api: name of the API whose timed allocations are slowed, as the
 * runner names it (kmalloc, kzalloc, vmalloc, alloc_pages, kmem_cache,
 * ...). Only the alloc phase of cases of that API is affected: not its
 * free, not another API built on the same call (kzalloc, krealloc and
 * kmalloc_node stay untouched by inject_api=kmalloc). Needs inject_pct.
 * An unknown name makes the module refuse to load (-EINVAL).
 */
static char *inject_api;
module_param(inject_api, charp, 0444);
MODULE_PARM_DESC(inject_api,
		 "validation only: API whose timed allocations are slowed (needs inject_pct)");

/**
 * DOC: inject_pct
 *
 * inject_pct: the slowdown, 1 to 1000 percent of each allocation's own
 * measured duration (timer overhead excluded). The module busy-waits on
 * the cycle counter inside the timed window, after the call returned. A
 * value out of range, or one without inject_api, makes the module refuse
 * to load (-EINVAL).
 */
static uint inject_pct;
module_param(inject_pct, uint, 0444);
MODULE_PARM_DESC(inject_pct,
		 "validation only: slowdown in percent of each timed allocation, 1..1000");

/* What the parameters resolved to: read in every timed allocation. */
u32 kmb_inject_api __ro_after_init = KMB_INJECT_NONE;
u32 kmb_inject_pct __ro_after_init;

/* The API names a mistyped inject_api could have meant, for its error. */
static void __init kmb_inject_names(char *buf, size_t len)
{
	const struct kmb_allocator *ops;
	size_t used = 0;
	u32 api;

	buf[0] = '\0';
	for (api = 0; api < KMB_API_NR && used < len; api++) {
		ops = kmb_allocator_get(api);
		if (ops)
			used += scnprintf(buf + used, len - used, "%s%s",
					  used ? " " : "", ops->name);
	}
}

/**
 * kmb_inject_init() - check the injection parameters at module load
 *
 * Return: 0, or -EINVAL (with the reason in the kernel log) when they name
 * no API, ask for a percentage out of 1..1000, or come one without the
 * other: a mistyped knob must not silently measure an unslowed kernel.
 */
int __init kmb_inject_init(void)
{
	const struct kmb_allocator *ops;
	char names[256];
	u32 api;

	if (!inject_api || !*inject_api) {
		if (!inject_pct)
			return 0;
		pr_err("inject_pct=%u needs inject_api=NAME\n", inject_pct);
		return -EINVAL;
	}
	if (inject_pct < 1 || inject_pct > KMB_INJECT_PCT_MAX) {
		pr_err("inject_pct=%u: must be 1..%u with inject_api=%s\n",
		       inject_pct, KMB_INJECT_PCT_MAX, inject_api);
		return -EINVAL;
	}
	for (api = 0; api < KMB_API_NR; api++) {
		ops = kmb_allocator_get(api);
		if (ops && !strcmp(ops->name, inject_api))
			break;
	}
	if (api == KMB_API_NR) {
		kmb_inject_names(names, sizeof(names));
		pr_err("inject_api=%s: no such API; one of: %s\n",
		       inject_api, names);
		return -EINVAL;
	}
	kmb_inject_api = api;
	kmb_inject_pct = inject_pct;
	pr_warn("VALIDATION MODE: %s allocations slowed by %u%%; timings are not real\n",
		inject_api, inject_pct);
	return 0;
}

/*
 * A spin can only end on a counter read, so it overshoots its aim by up to
 * a read or a counter step (about 10 ns under TCG, a tenth of a fast
 * kmalloc). What was given too much (or too little) is owed back by the
 * thread's next operations, a KMB_INJECT_PAYBACK-th per operation: the aim
 * settles at the target less the mean overshoot, so every operation gets
 * about its own share (the median moves by the percentage, not only the
 * mean), and in sum the injected time is the percentage of the measured
 * time, whatever the size or the clock's granularity.
 *
 * Every stretched operation reads the counter at least once, even when its
 * aim is spent: under QEMU's icount one pass of the spin costs about 50
 * instructions, far more than 2 % of a 161-instruction kmalloc(64), and a
 * spin that gave either nothing or a whole pass would leave the median
 * where it was. So the smallest stretch is one pass, and the percentage is
 * a lower bound for operations shorter than a pass times 100 / the percent.
 */
#define KMB_INJECT_PAYBACK	16

/**
 * kmb_inject_spin() - stretch one timed allocation by kmb_inject_pct
 * @t: the thread; its debt carries what earlier spins owed or overshot
 * @c0: cycle counter before the call
 * @c1: cycle counter after it
 *
 * The target is the operation's own duration as it will be recorded (less
 * the timer overhead) times the percentage. Amounts are kept in hundredths
 * of a cycle so that no percent is lost to rounding. An overshoot beyond
 * twice the target and four timer overheads (the runner always has the
 * overhead measured and subtracted) is an interrupt or a preemption inside
 * the spin: that sample is an outlier of its own, and owing it back would
 * leave the next hundreds of operations without their share.
 *
 * Return: the cycle counter to use as the end of the timed window.
 */
u64 kmb_inject_spin(struct kmb_thread *t, u64 c0, u64 c1)
{
	u64 net = c1 - c0 > t->subtract ? c1 - c0 - t->subtract : 0;
	s64 target = (s64)(net * kmb_inject_pct);
	s64 aim = target + t->inject_debt / KMB_INJECT_PAYBACK;
	s64 cap = 2 * target + 4 * 100 * (s64)t->subtract;
	u64 c;

	do
		c = kmb_cycles();
	while ((s64)(c - c1) * 100 < aim);
	t->inject_debt += target - min_t(s64, (s64)(c - c1) * 100, cap);
	return c;
}
