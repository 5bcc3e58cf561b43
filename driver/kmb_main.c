// SPDX-License-Identifier: GPL-2.0
/*
 * kmembench: times the kernel's memory allocation APIs for a user-space
 * runner. This file owns the misc device /dev/kmembench and the INFO ioctl.
 */
#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "kmb_internal.h"

/* One opener at a time: concurrent cases would measure each other. */
static atomic_t kmb_open_count = ATOMIC_INIT(0);

#define KMB_CFG(opt, bit) (IS_ENABLED(CONFIG_##opt) ? BIT_ULL(KMB_CFG_##bit) : 0)

static u64 kmb_config_bits(void)
{
	return KMB_CFG(SLUB, SLUB) | KMB_CFG(SLAB, SLAB) | KMB_CFG(SLOB, SLOB) |
	       KMB_CFG(PREEMPT_NONE, PREEMPT_NONE) |
	       KMB_CFG(PREEMPT_VOLUNTARY, PREEMPT_VOLUNTARY) |
	       KMB_CFG(PREEMPT, PREEMPT) | KMB_CFG(PREEMPT_RT, PREEMPT_RT) |
	       KMB_CFG(PREEMPT_DYNAMIC, PREEMPT_DYNAMIC) |
	       KMB_CFG(KASAN, KASAN) | KMB_CFG(KFENCE, KFENCE) |
	       KMB_CFG(SLUB_DEBUG, SLUB_DEBUG) |
	       KMB_CFG(SLUB_DEBUG_ON, SLUB_DEBUG_ON) |
	       KMB_CFG(DEBUG_PAGEALLOC, DEBUG_PAGEALLOC) |
	       KMB_CFG(INIT_ON_ALLOC_DEFAULT_ON, INIT_ON_ALLOC_DEFAULT_ON) |
	       KMB_CFG(INIT_ON_FREE_DEFAULT_ON, INIT_ON_FREE_DEFAULT_ON) |
	       KMB_CFG(MEMCG, MEMCG) | KMB_CFG(MEMCG_KMEM, MEMCG_KMEM) |
	       KMB_CFG(NUMA, NUMA) |
	       KMB_CFG(TRANSPARENT_HUGEPAGE, TRANSPARENT_HUGEPAGE) |
	       KMB_CFG(HIGHMEM, HIGHMEM) | KMB_CFG(ZONE_DMA, ZONE_DMA) |
	       KMB_CFG(ZONE_DMA32, ZONE_DMA32) |
	       KMB_CFG(SLAB_FREELIST_RANDOM, SLAB_FREELIST_RANDOM) |
	       KMB_CFG(SLAB_FREELIST_HARDENED, SLAB_FREELIST_HARDENED) |
	       KMB_CFG(RANDOM_KMALLOC_CACHES, RANDOM_KMALLOC_CACHES) |
	       KMB_CFG(DEBUG_VM, DEBUG_VM) | KMB_CFG(LOCKDEP, LOCKDEP) |
	       KMB_CFG(KMSAN, KMSAN) |
	       KMB_CFG(HARDENED_USERCOPY, HARDENED_USERCOPY) |
	       KMB_CFG(DMA_CMA, DMA_CMA);
}

static const char *kmb_slab_name(void)
{
	if (IS_ENABLED(CONFIG_SLUB))
		return "SLUB";
	if (IS_ENABLED(CONFIG_SLAB))
		return "SLAB";
	return "SLOB";
}

static long kmb_info_ioctl(struct kmb_info __user *uarg)
{
	struct kmb_info info;
	struct sysinfo si;

	memset(&info, 0, sizeof(info));
	info.abi_version = KMB_ABI_VERSION;
	info.info_size = sizeof(info);
	strscpy(info.module_version, KMB_MODULE_VERSION,
		sizeof(info.module_version));
	strscpy(info.slab_allocator, kmb_slab_name(),
		sizeof(info.slab_allocator));
	info.page_size = PAGE_SIZE;
	info.max_page_order = KMB_MAX_PAGE_ORDER;
	info.kmalloc_max_size = KMALLOC_MAX_SIZE;
	info.kmalloc_max_cache_size = KMALLOC_MAX_CACHE_SIZE;
	info.vmalloc_total = (u64)(VMALLOC_END - VMALLOC_START) + 1;

	si_meminfo(&si);
	info.total_ram = (u64)si.totalram * si.mem_unit;
	info.free_ram = (u64)si.freeram * si.mem_unit;
	info.available_ram = kmb_mem_available();

	info.online_cpus = num_online_cpus();
	info.online_nodes = num_online_nodes();
	info.config = kmb_config_bits();
	info.gfp_supported = KMB_GFP_VALID_MASK;
	info.api_supported = kmb_allocators_supported();
	kmb_live_read(&info.live_objects, &info.live_bytes);
	info.timer_overhead_cycles = kmb_timer_overhead();
	info.cycles_per_sec = kmb_cycles_rate();
	info.timer_read_cycles = kmb_timer_read_cost();
	info.max_threads = KMB_MAX_THREADS;
	info.hist_buckets = KMB_HIST_BUCKETS;
	info.samples_max_bytes = KMB_SAMPLES_MAX_BYTES;
	info.inject_api = kmb_inject_api;
	info.inject_pct = kmb_inject_pct;

	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static int kmb_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (atomic_cmpxchg(&kmb_open_count, 0, 1) != 0)
		return -EBUSY;
	return 0;
}

static int kmb_release(struct inode *inode, struct file *file)
{
	kmb_frag_release(file);
	atomic_set(&kmb_open_count, 0);
	return 0;
}

static long kmb_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	/* The opener may have passed the descriptor to a less privileged task. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	switch (cmd) {
	case KMB_IOC_ABI_VERSION:
		return put_user((u32)KMB_ABI_VERSION, (u32 __user *)uarg);
	case KMB_IOC_INFO:
		return kmb_info_ioctl(uarg);
	case KMB_IOC_RUN:
		return kmb_run_ioctl(uarg);
	case KMB_IOC_PROBE:
		return kmb_probe_ioctl(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations kmb_fops = {
	.owner = THIS_MODULE,
	.open = kmb_open,
	.release = kmb_release,
	.unlocked_ioctl = kmb_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice kmb_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kmembench",
	.fops = &kmb_fops,
	.mode = 0600,
};

static int __init kmb_init(void)
{
	int ret = kmb_inject_init();

	if (!ret)
		ret = kmb_verify_init();
	if (ret)
		return ret;
	kmb_time_init();
	ret = kmb_dma_init();
	if (ret)
		return ret;
	ret = misc_register(&kmb_misc);
	if (ret)
		kmb_dma_exit();
	return ret;
}

static void __exit kmb_exit(void)
{
	misc_deregister(&kmb_misc);
	kmb_dma_exit();
}

module_init(kmb_init);
module_exit(kmb_exit);

MODULE_DESCRIPTION("kmembench: kernel memory allocation benchmark");
MODULE_AUTHOR("kmembench developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(KMB_MODULE_VERSION);
