/*
 * numa: the cost of memory placed on one node and used from another. The
 * thread runs on the CPUs of cpu_node (hwloc); the range is placed on
 * mem_node (libnuma) by numa_alloc_onnode() or by mbind() with MPOL_BIND or
 * MPOL_PREFERRED; each page's first write (the fault) and a later read of
 * every cache line of it are timed. The placement achieved is checked with
 * move_pages() and recorded with the policy the kernel reports.
 */
#include <errno.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "wl_lib.h"
#include "workload.h"

#define KMB_NUMA_PROBES 1024

static const char *const numa_policies[] = { "bind", "preferred", "onnode", NULL };

static const struct kmb_dim numa_dims[] = {
	{ "policy", "policy", KMB_DIM_NAMES, numa_policies, "bind", 0, 0 },
	{ "cpu_node", "cpu_node", KMB_DIM_NODES, NULL, "all", 0, 0 },
	{ "mem_node", "mem_node", KMB_DIM_NODES, NULL, "all", 0, 0 },
	{ "sizes", "size", KMB_DIM_SIZES, NULL, "64M", 4096, 1ULL << 36 },
	{ 0 },
};

static const struct kmb_setting numa_settings[] = {
	{ "iterations", KMB_SETTING_UINT, 1, 1, 100000, NULL },
	{ 0 },
};

struct numa_run {
	struct kmb_samples fault, read;
	size_t size;
	unsigned int mem_node;
	double on_node;		/* share of probed pages found on mem_node */
	int kernel_mode;	/* from get_mempolicy, -1 if unknown */
};

/* Why this case cannot run here, or NULL. */
static const char *numa_unusable(unsigned int cpu_node, unsigned int mem_node, char *buf,
				 size_t len)
{
	struct bitmask *mems;
	int count = 0;
	bool cpu_ok, mem_ok;

	if (numa_available() < 0)
		return "NUMA is not available (libnuma: numa_available() < 0)";
	mems = numa_get_mems_allowed();
	if (!mems)
		return "libnuma cannot tell the nodes with memory";
	for (int n = 0; n <= numa_max_node(); n++)
		count += numa_bitmask_isbitset(mems, (unsigned int)n);
	cpu_ok = (int)cpu_node <= numa_max_node() && numa_bitmask_isbitset(mems, cpu_node);
	mem_ok = (int)mem_node <= numa_max_node() && numa_bitmask_isbitset(mems, mem_node);
	numa_bitmask_free(mems);
	if (count < 2)
		snprintf(buf, len, "only one NUMA node with memory here: placement cannot differ "
			 "between nodes");
	else if (!cpu_ok || !mem_ok)
		snprintf(buf, len, "NUMA node %u is not one of this system's %d nodes with memory",
			 !cpu_ok ? cpu_node : mem_node, count);
	else
		return NULL;
	return buf;
}

static const char *mode_name(int mode)
{
	switch (mode) {
	case MPOL_DEFAULT: return "MPOL_DEFAULT";
	case MPOL_PREFERRED: return "MPOL_PREFERRED";
	case MPOL_BIND: return "MPOL_BIND";
	case MPOL_INTERLEAVE: return "MPOL_INTERLEAVE";
	case MPOL_LOCAL: return "MPOL_LOCAL";
	default: return "unknown";
	}
}

static char *place(struct kmb_bench_case *c, struct numa_run *r)
{
	struct bitmask *mask;
	char *p;
	int mode;

	if (kmb_param_is(c, "policy", "onnode"))
		return numa_alloc_onnode(r->size, (int)r->mem_node);
	p = kmb_map_anon(r->size, kmb_page_size(), 0);
	mask = numa_allocate_nodemask();
	if (!p || !mask)
		goto fail;
	numa_bitmask_setbit(mask, r->mem_node);
	mode = kmb_param_is(c, "policy", "preferred") ? MPOL_PREFERRED : MPOL_BIND;
	if (mbind(p, r->size, mode, mask->maskp, mask->size + 1, 0))
		goto fail;
	numa_bitmask_free(mask);
	return p;
fail:
	if (mask)
		numa_bitmask_free(mask);
	if (p)
		munmap(p, r->size);
	return NULL;
}

static void unplace(struct kmb_bench_case *c, struct numa_run *r, char *p)
{
	if (kmb_param_is(c, "policy", "onnode"))
		numa_free(p, r->size);
	else
		munmap(p, r->size);
}

/* Reads every cache line of each page, one sample per page. */
static void read_timed(char *p, struct numa_run *r, volatile sig_atomic_t *stop)
{
	size_t page = kmb_page_size();
	uint64_t sum = 0;

	for (size_t off = 0; off < r->size && !*stop; off += page) {
		uint64_t t0 = kmb_now_ns();

		for (size_t line = 0; line < page; line += 64)
			sum += *(volatile uint64_t *)(p + off + line);
		kmb_samples_push(&r->read, (double)(kmb_now_ns() - t0));
	}
	(void)sum;
}

static void check_placement(char *p, struct numa_run *r)
{
	size_t pages = r->size / kmb_page_size();
	size_t n = pages < KMB_NUMA_PROBES ? pages : KMB_NUMA_PROBES, hits = 0;
	void *addr[KMB_NUMA_PROBES];
	int status[KMB_NUMA_PROBES], mode;

	for (size_t i = 0; i < n; i++)
		addr[i] = p + (i * pages / n) * kmb_page_size();
	if (numa_move_pages(0, n, addr, NULL, status, 0) == 0) {
		for (size_t i = 0; i < n; i++)
			hits += status[i] == (int)r->mem_node;
		r->on_node = n ? (double)hits / (double)n : 0;
	}
	if (get_mempolicy(&mode, NULL, 0, p, MPOL_F_ADDR) == 0)
		r->kernel_mode = mode;
}

static int numa_once(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct numa_run *r,
		     struct kmb_err *err)
{
	struct kmb_faults before, after;
	size_t pages;
	double ns;
	char *p = place(c, r);

	if (!p)
		return kmb_fail(err, KMB_EXIT_ENV, "%s: cannot place %zu bytes on node %u: %s",
				c->id, r->size, r->mem_node, strerror(errno));
	/* Base pages: one fault per page, whatever the THP setting. */
	kmb_thp_apply(p, r->size, KMB_THP_NOHUGE);
	kmb_faults_now(&before);
	pages = kmb_touch_timed(p, r->size, true, &r->fault, ctx->stop, &ns);
	kmb_faults_now(&after);
	kmb_faults_note(c, "fault", pages, &before, &after, ns);
	read_timed(p, r, ctx->stop);
	check_placement(p, r);
	unplace(c, r, p);
	return 0;
}

static int numa_run_rep(struct kmb_bench_case *c, struct kmb_run_ctx *ctx, struct kmb_err *err)
{
	size_t page = kmb_page_size();
	uint64_t iterations = kmb_param_uint(c, "iterations");
	unsigned int cpu_node = (unsigned int)kmb_param_uint(c, "cpu_node");
	struct numa_run r = { .on_node = -1, .kernel_mode = -1 };
	const char *why;
	char buf[256];
	void *binding;
	int ret = 0;

	r.size = (kmb_param_uint(c, "size") + page - 1) / page * page;
	r.mem_node = (unsigned int)kmb_param_uint(c, "mem_node");
	why = numa_unusable(cpu_node, r.mem_node, buf, sizeof(buf));
	if (why) {
		kmb_case_skip(c, "%s", why);
		return 0;
	}
	binding = kmb_save_thread_binding();
	if (kmb_pin_thread_node(cpu_node, err)) {
		kmb_case_skip(c, "cannot run on node %u: %s", cpu_node, err->msg);
		kmb_restore_thread_binding(binding);
		return 0;
	}
	if (kmb_samples_init(&r.fault, r.size / page * iterations) ||
	    kmb_samples_init(&r.read, r.size / page * iterations)) {
		ret = kmb_fail(err, KMB_EXIT_ENV, "%s: out of memory for samples", c->id);
		goto out;
	}
	for (uint64_t i = 0; i < iterations && !*ctx->stop && !ret; i++)
		ret = numa_once(c, ctx, &r, err);
	if (!ret)
		ret = kmb_record(c, "fault", "ns", &r.fault, r.fault.n, 0, 0, err);
	if (!ret)
		ret = kmb_record(c, "read", "ns", &r.read, r.read.n, 0, 0, err);
	json_object_set_new(c->extra, "numa", json_pack(
		"{s:s, s:s, s:i, s:i, s:i, s:o}", "policy", kmb_param_str(c, "policy"),
		"kernel_policy", r.kernel_mode < 0 ? "unknown" : mode_name(r.kernel_mode),
		"cpu_node", (int)cpu_node, "mem_node", (int)r.mem_node,
		"distance", numa_distance((int)cpu_node, (int)r.mem_node),
		"pages_on_mem_node", r.on_node < 0 ? json_null() : json_real(r.on_node)));
	json_object_set_new(c->extra, "clock", kmb_clock_json());
	if (*ctx->stop)
		snprintf(c->stopped, sizeof(c->stopped), "signal");
out:
	kmb_restore_thread_binding(binding);
	kmb_samples_free(&r.fault);
	kmb_samples_free(&r.read);
	return ret;
}

const struct kmb_workload kmb_workload_numa = {
	.name = "numa",
	.dims = numa_dims,
	.settings = numa_settings,
	.run_rep = numa_run_rep,
};
