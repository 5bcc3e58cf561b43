#include "kclient.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "names.h"

const char *kmb_device_path(void)
{
	const char *p = getenv("KMB_DEVICE");

	return p && *p ? p : KMB_DEVICE_PATH;
}

int kmb_abi_check(uint32_t module_abi, struct kmb_err *err)
{
	if (module_abi == KMB_ABI_VERSION)
		return 0;
	return kmb_fail(err, KMB_EXIT_USAGE,
			"%s: the loaded module speaks ABI version %u but this runner speaks "
			"version %u; rebuild and reload the module from the same kmembench "
			"tree as the runner",
			kmb_device_path(), module_abi, KMB_ABI_VERSION);
}

int kmb_kclient_open(struct kmb_kclient *kc, struct kmb_err *err)
{
	const char *path = kmb_device_path();
	uint32_t abi = 0;
	int ret;

	memset(kc, 0, sizeof(*kc));
	kc->fd = open(path, O_RDWR | O_CLOEXEC);
	if (kc->fd < 0) {
		int e = errno;

		if (e == ENOENT || e == ENXIO || e == ENODEV)
			return kmb_fail(err, KMB_EXIT_ENV,
					"%s: not there: load the module (insmod kmembench.ko) or, "
					"where this kernel cannot load modules, run in a guest with "
					"scripts/vm-run",
					path);
		if (e == EACCES || e == EPERM)
			return kmb_fail(err, KMB_EXIT_ENV,
					"%s: permission denied: kernel cases need root "
					"(CAP_SYS_ADMIN)", path);
		if (e == EBUSY)
			return kmb_fail(err, KMB_EXIT_ENV,
					"%s: busy: another kmembench has it open; kernel cases "
					"run one at a time so they do not measure each other",
					path);
		return kmb_fail(err, KMB_EXIT_ENV, "%s: cannot open: %s", path, strerror(e));
	}
	if (ioctl(kc->fd, KMB_IOC_ABI_VERSION, &abi)) {
		ret = kmb_fail(err, KMB_EXIT_USAGE,
			       "%s: does not answer the ABI-version request (%s): is it "
			       "a kmembench module?", path, strerror(errno));
		goto fail;
	}
	ret = kmb_abi_check(abi, err);
	if (ret)
		goto fail;
	ret = kmb_kclient_info(kc, err);
	if (ret)
		goto fail;
	return 0;
fail:
	close(kc->fd);
	kc->fd = -1;
	return ret;
}

void kmb_kclient_close(struct kmb_kclient *kc)
{
	if (kc->fd >= 0)
		close(kc->fd);
	kc->fd = -1;
}

int kmb_kclient_info(struct kmb_kclient *kc, struct kmb_err *err)
{
	if (ioctl(kc->fd, KMB_IOC_INFO, &kc->info) == 0)
		return 0;
	/* The ioctl number encodes the structure's size: a stale build. */
	if (errno == ENOTTY)
		return kmb_fail(err, KMB_EXIT_USAGE,
				"%s: the module's INFO structure differs from this runner's "
				"although both say ABI version %u: they come from different "
				"kmembench trees; rebuild and reload the module from this one",
				kmb_device_path(), KMB_ABI_VERSION);
	return kmb_fail(err, errno == EPERM ? KMB_EXIT_ENV : KMB_EXIT_USAGE,
			"%s: INFO failed: %s", kmb_device_path(), strerror(errno));
	return 0;
}

int kmb_kclient_run(struct kmb_kclient *kc, struct kmb_run *run, struct kmb_err *err)
{
	const struct kmb_api_name *api = kmb_api_by_value(run->kcase.api);
	const char *name = api ? api->name : "?";

	run->run_size = sizeof(*run);
	if (ioctl(kc->fd, KMB_IOC_RUN, run) == 0)
		return 0;
	switch (errno) {
	case EOPNOTSUPP:
		return kmb_fail(err, KMB_EXIT_ENV,
				"%s: this module does not implement that API", name);
	case EINVAL:
		return kmb_fail(err, KMB_EXIT_USAGE,
				"%s: the module rejected the case as impossible (GFP flags "
				"that do not fit the API or context, a pattern the API cannot "
				"run, a size or order out of range, an offline CPU or node)",
				name);
	case ENOMEM:
		return kmb_fail(err, KMB_EXIT_ENV,
				"%s: the case would hold more memory than the module's headroom "
				"guard allows (a quarter of the available RAM: lower batch, "
				"threads or size), or its buffers could not be allocated", name);
	case EINTR:
		return kmb_fail(err, KMB_EXIT_ENV,
				"%s: interrupted while waiting for the module", name);
	case EIO:
		return kmb_fail(err, KMB_EXIT_USAGE,
				"%s: the platform refuses a %u-bit DMA mask for the module's "
				"device (dma_set_mask_and_coherent failed): nothing was "
				"allocated", name, run->kcase.dma_mask_bits);
	case EPROTO:
		return kmb_fail(err, KMB_EXIT_ENV,
				"%s: the module's interrupt ran a chunk outside the %s context or "
				"on another CPU (the guest's kernel log says more)", name,
				kmb_name_of(kmb_ctx_names, kmb_ctx_names_count, run->kcase.context));
	default:
		return kmb_fail(err, KMB_EXIT_ENV, "%s: RUN failed: %s", name, strerror(errno));
	}
}

static const char *const kmb_config_names[KMB_CFG_NR] = {
	[KMB_CFG_SLUB] = "SLUB",
	[KMB_CFG_SLAB] = "SLAB",
	[KMB_CFG_SLOB] = "SLOB",
	[KMB_CFG_PREEMPT_NONE] = "PREEMPT_NONE",
	[KMB_CFG_PREEMPT_VOLUNTARY] = "PREEMPT_VOLUNTARY",
	[KMB_CFG_PREEMPT] = "PREEMPT",
	[KMB_CFG_PREEMPT_RT] = "PREEMPT_RT",
	[KMB_CFG_PREEMPT_DYNAMIC] = "PREEMPT_DYNAMIC",
	[KMB_CFG_KASAN] = "KASAN",
	[KMB_CFG_KFENCE] = "KFENCE",
	[KMB_CFG_SLUB_DEBUG] = "SLUB_DEBUG",
	[KMB_CFG_SLUB_DEBUG_ON] = "SLUB_DEBUG_ON",
	[KMB_CFG_DEBUG_PAGEALLOC] = "DEBUG_PAGEALLOC",
	[KMB_CFG_INIT_ON_ALLOC_DEFAULT_ON] = "INIT_ON_ALLOC_DEFAULT_ON",
	[KMB_CFG_INIT_ON_FREE_DEFAULT_ON] = "INIT_ON_FREE_DEFAULT_ON",
	[KMB_CFG_MEMCG] = "MEMCG",
	[KMB_CFG_MEMCG_KMEM] = "MEMCG_KMEM",
	[KMB_CFG_NUMA] = "NUMA",
	[KMB_CFG_TRANSPARENT_HUGEPAGE] = "TRANSPARENT_HUGEPAGE",
	[KMB_CFG_HIGHMEM] = "HIGHMEM",
	[KMB_CFG_ZONE_DMA] = "ZONE_DMA",
	[KMB_CFG_ZONE_DMA32] = "ZONE_DMA32",
	[KMB_CFG_SLAB_FREELIST_RANDOM] = "SLAB_FREELIST_RANDOM",
	[KMB_CFG_SLAB_FREELIST_HARDENED] = "SLAB_FREELIST_HARDENED",
	[KMB_CFG_RANDOM_KMALLOC_CACHES] = "RANDOM_KMALLOC_CACHES",
	[KMB_CFG_DEBUG_VM] = "DEBUG_VM",
	[KMB_CFG_LOCKDEP] = "LOCKDEP",
	[KMB_CFG_KMSAN] = "KMSAN",
	[KMB_CFG_HARDENED_USERCOPY] = "HARDENED_USERCOPY",
	[KMB_CFG_DMA_CMA] = "DMA_CMA",
};

json_t *kmb_info_config_json(uint64_t config)
{
	json_t *o = json_object();

	for (unsigned int i = 0; i < KMB_CFG_NR; i++)
		json_object_set_new(o, kmb_config_names[i], json_boolean(config & (1ULL << i)));
	return o;
}

json_t *kmb_info_limits_json(const struct kmb_info *info)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "page_size", (json_int_t)info->page_size,
			 "max_page_order", (json_int_t)info->max_page_order,
			 "kmalloc_max_size", (json_int_t)info->kmalloc_max_size,
			 "kmalloc_max_cache_size", (json_int_t)info->kmalloc_max_cache_size,
			 "vmalloc_total", (json_int_t)info->vmalloc_total,
			 "total_ram", (json_int_t)info->total_ram,
			 "free_ram", (json_int_t)info->free_ram,
			 "available_ram", (json_int_t)info->available_ram);
}

/*
 * The validation knob (module parameters inject_api, inject_pct): null when
 * off, so that a result measured with a slowed API can never pass for a
 * real one, and compare can warn when two runs differ in it.
 */
static json_t *inject_json(const struct kmb_info *info)
{
	const char *api = NULL;

	if (info->inject_api == KMB_INJECT_NONE || !info->inject_pct)
		return json_null();
	for (size_t i = 0; i < kmb_api_names_count; i++)
		if (kmb_api_names[i].api == info->inject_api)
			api = kmb_api_names[i].name;
	return json_pack("{s:s, s:I}", "api", api ? api : "unknown",
			 "pct", (json_int_t)info->inject_pct);
}

json_t *kmb_info_module_json(const struct kmb_info *info)
{
	json_t *apis = json_array();

	for (size_t i = 0; i < kmb_api_names_count; i++)
		if (info->api_supported & (1ULL << kmb_api_names[i].api))
			json_array_append_new(apis, json_string(kmb_api_names[i].name));
	return json_pack("{s:I, s:s#, s:s#, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
			 "abi_version", (json_int_t)info->abi_version,
			 "version", info->module_version,
			 strnlen(info->module_version, sizeof(info->module_version)),
			 "slab_allocator", info->slab_allocator,
			 strnlen(info->slab_allocator, sizeof(info->slab_allocator)),
			 "online_cpus", (json_int_t)info->online_cpus,
			 "online_nodes", (json_int_t)info->online_nodes,
			 "timer_overhead_cycles", (json_int_t)info->timer_overhead_cycles,
			 "timer_read_cycles", (json_int_t)info->timer_read_cycles,
			 "cycles_per_sec", (json_int_t)info->cycles_per_sec,
			 "max_threads", (json_int_t)info->max_threads,
			 "samples_max_bytes", (json_int_t)info->samples_max_bytes,
			 "live_objects", (json_int_t)info->live_objects,
			 "live_bytes", (json_int_t)info->live_bytes,
			 "apis", apis,
			 "inject", inject_json(info));
}
