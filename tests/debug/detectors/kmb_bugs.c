// SPDX-License-Identifier: GPL-2.0
/*
 * kmb_bugs - one deliberate memory or locking bug per load, for
 * tests/vm/debug_detectors.sh only: it proves that each of the debug
 * kernel's detectors fires and that scripts/vm-run notices the report.
 * Never built into kmembench.ko, never loaded outside that test.
 *
 *	insmod kmb_bugs.ko bug=use_after_free
 *
 * The module refuses to stay loaded (-EAGAIN once the bug is done), so the
 * same guest could load it again with another bug.
 */
#include <linux/kfence.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static char *bug = "";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "use_after_free | double_free | out_of_bounds | sleep_in_atomic | lock_order | leak | kfence");

/* Hides a pointer from the compiler so that the bad access is emitted. */
static void *kmb_hide(void *p)
{
	OPTIMIZER_HIDE_VAR(p);
	return p;
}

static int kmb_use_after_free(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	(void)READ_ONCE(((char *)kmb_hide(p))[8]);
	return 0;
}

static int kmb_double_free(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	kfree(kmb_hide(p));
	return 0;
}

static int kmb_out_of_bounds(void)
{
	char *p = kmalloc(60, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	WRITE_ONCE(((char *)kmb_hide(p))[64], 1);
	kfree(p);
	return 0;
}

static int kmb_sleep_in_atomic(void)
{
	preempt_disable();
	might_sleep();
	preempt_enable();
	return 0;
}

static DEFINE_MUTEX(kmb_lock_a);
static DEFINE_MUTEX(kmb_lock_b);

/* A then B, later B then A: lockdep reports the cycle without a deadlock. */
static int kmb_lock_order(void)
{
	mutex_lock(&kmb_lock_a);
	mutex_lock(&kmb_lock_b);
	mutex_unlock(&kmb_lock_b);
	mutex_unlock(&kmb_lock_a);

	mutex_lock(&kmb_lock_b);
	mutex_lock(&kmb_lock_a);
	mutex_unlock(&kmb_lock_a);
	mutex_unlock(&kmb_lock_b);
	return 0;
}

#define KMB_LEAKS 8

/*
 * Several objects, each forgotten at once: one stale copy of a pointer on a
 * stack kmemleak scans would hide one leak, not all of them.
 */
static int kmb_leak(void)
{
	unsigned int i;

	for (i = 0; i < KMB_LEAKS; i++)
		if (!kmb_hide(kmalloc(128, GFP_KERNEL)))
			return -ENOMEM;
	return 0;
}

/*
 * KFENCE samples one allocation per interval, the first anyone makes once
 * its gate opens: allocate and free in a loop until one comes from its pool
 * (10 s at most), then write one byte past its end. The object sits at
 * either end of its page; past the end is the guard page or the canary
 * bytes, reported at once or when it is freed.
 */
static int kmb_kfence(void)
{
	unsigned long end = jiffies + 10 * HZ;
	char *p;

	while (time_before(jiffies, end)) {
		p = kmalloc(32, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		if (is_kfence_address(p)) {
			WRITE_ONCE(((char *)kmb_hide(p))[32], 1);
			kfree(p);
			return 0;
		}
		kfree(p);
		cond_resched();
	}
	/* Lower case: vm-run's log scan must not take this for a report. */
	pr_err("kmb_bugs: no allocation came from the kfence pool in 10 s\n");
	return -ETIMEDOUT;
}

static const struct {
	const char *name;
	int (*run)(void);
} kmb_bugs[] = {
	{ "use_after_free", kmb_use_after_free },
	{ "double_free", kmb_double_free },
	{ "out_of_bounds", kmb_out_of_bounds },
	{ "sleep_in_atomic", kmb_sleep_in_atomic },
	{ "lock_order", kmb_lock_order },
	{ "leak", kmb_leak },
	{ "kfence", kmb_kfence },
};

static int __init kmb_bugs_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(kmb_bugs); i++) {
		if (strcmp(bug, kmb_bugs[i].name))
			continue;
		pr_info("kmb_bugs: %s\n", bug);
		ret = kmb_bugs[i].run();
		return ret ? ret : -EAGAIN;
	}
	pr_err("kmb_bugs: unknown bug '%s'\n", bug);
	return -EINVAL;
}
module_init(kmb_bugs_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmembench test-only: one deliberate bug per load");
