/*
 * Kernel suite entries: what an entry expands to, which combinations are
 * skipped as impossible and why, the errors for entries that cannot run at
 * all, and the module's histogram read back.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kcheck.h"
#include "khist.h"
#include "names.h"
#include "suite.h"

static char path[64];

static int load_entry(const char *entry, struct kmb_suite *s, struct kmb_err *err)
{
	FILE *f;
	int ret;

	strcpy(path, "/tmp/kmb-kcases.XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fprintf(f, "{\"schema\": \"kmembench-suite/1\", \"name\": \"t\", \"kernel\": [%s]}", entry);
	fclose(f);
	ret = kmb_suite_load(path, s, err);
	unlink(path);
	return ret;
}

static int has_id(const struct kmb_suite *s, const char *id)
{
	for (size_t i = 0; i < s->cases.n; i++)
		if (strcmp(s->cases.v[i]->id, id) == 0)
			return 1;
	return 0;
}

/* Expands @entry and checks the case count and, when given, some ids. */
static void expect_cases(const char *entry, size_t n, const char *const *ids)
{
	struct kmb_suite s;
	struct kmb_err err = { 0 };

	if (load_entry(entry, &s, &err)) {
		fprintf(stderr, "entry %s: %s\n", entry, err.msg);
		kmb_check_failures++;
		return;
	}
	if (s.cases.n != n) {
		fprintf(stderr, "entry %s: %zu cases, expected %zu\n", entry, s.cases.n, n);
		for (size_t i = 0; i < s.cases.n; i++)
			fprintf(stderr, "  %s\n", s.cases.v[i]->id);
		kmb_check_failures++;
	}
	for (; ids && *ids; ids++)
		if (!has_id(&s, *ids)) {
			fprintf(stderr, "entry %s: no case %s\n", entry, *ids);
			kmb_check_failures++;
		}
	kmb_suite_free(&s);
}

static void expect_error(const char *entry, const char *must_say)
{
	struct kmb_suite s;
	struct kmb_err err = { 0 };
	int ret = load_entry(entry, &s, &err);

	CHECK(ret == KMB_EXIT_USAGE);
	if (ret == 0)
		kmb_suite_free(&s);
	if (!strstr(err.msg, must_say) || !strstr(err.msg, "kernel[0]")) {
		fprintf(stderr, "entry %s: message '%s' lacks '%s' or the entry\n", entry, err.msg,
			must_say);
		kmb_check_failures++;
	}
}

/* Page APIs given bytes: the order that holds them, the size in the id. */
static void test_page_bytes(void)
{
	static const char *const ids[] = {
		"kernel/alloc_pages/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		"kernel/alloc_pages/size=5000/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		"kernel/alloc_pages/size=4194304/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		NULL,
	};
	const char *entry = "{\"api\": \"alloc_pages\", \"sizes\": [64, 5000, \"4M\"]}";
	struct kmb_suite s;
	struct kmb_err err = { 0 };

	expect_cases(entry, 3, ids);
	if (load_entry(entry, &s, &err) == 0) {
		static const long orders[] = { 0, 1, 10 }, waste[] = { 4032, 3192, 0 };

		for (size_t i = 0; i < s.cases.n && i < 3; i++) {
			json_t *p = s.cases.v[i]->params;

			CHECK(json_integer_value(json_object_get(p, "order")) == orders[i]);
			CHECK(json_integer_value(json_object_get(p, "rounding_waste")) == waste[i]);
		}
		kmb_suite_free(&s);
	}
	/* with 'orders' beside them, 'sizes' are the byte APIs' */
	expect_cases("{\"api\": [\"kmalloc\", \"alloc_pages\"], \"sizes\": 64, \"orders\": 3}",
		     2, NULL);
}

static void test_impossible_skipped(void)
{
	static const char *const ids[] = {
		"kernel/vmalloc/size=4096/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		"kernel/kmalloc/size=4096/gfp=ATOMIC/pattern=pair/ctx=irq-off/threads=1",
		NULL,
	};
	static const char *const alloc_exact[] = {
		"kernel/alloc_pages_exact/size=5000/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		"kernel/alloc_pages_exact/size=5000/gfp=KERNEL+DMA32/pattern=pair/ctx=process/"
		"threads=1",
		NULL,
	};

	/* vmalloc sleeps (so no ATOMIC, no irq-off); KERNEL sleeps (no irq-off). */
	expect_cases("{\"api\": [\"vmalloc\", \"kmalloc\"], \"sizes\": 4096,"
		     " \"gfp\": [\"KERNEL\", \"ATOMIC\"], \"ctx\": [\"process\", \"irq-off\"]}",
		     4, ids);
	/* Only order 0 for get_zeroed_page, only pair for kmem_cache_create. */
	expect_cases("{\"api\": \"get_zeroed_page\", \"orders\": [0, 1, 3],"
		     " \"pattern\": [\"pair\", \"batch\"]}", 2, NULL);
	expect_cases("{\"api\": \"kmem_cache_create\", \"sizes\": 64,"
		     " \"pattern\": [\"pair\", \"batch\"], \"gfp\": [\"KERNEL\", \"ATOMIC\"]}", 1,
		     NULL);
	/* 6.1's bulk allocator turns interrupts back on: never irq-off. */
	expect_cases("{\"api\": \"kmem_cache_bulk\", \"sizes\": 64, \"gfp\": \"ATOMIC\","
		     " \"ctx\": [\"process\", \"preempt-off\", \"irq-off\"]}", 2, NULL);
	/* Interrupts: never a sleeping set or API; a hard one keeps interrupts off. */
	expect_cases("{\"api\": [\"kmalloc\", \"vmalloc\", \"kvmalloc\"], \"sizes\": 64,"
		     " \"gfp\": [\"KERNEL\", \"ATOMIC\", \"NOWAIT\", \"NOFS\"],"
		     " \"ctx\": [\"hardirq\", \"softirq\"]}", 8, (const char *const[]){
			     "kernel/kmalloc/size=64/gfp=ATOMIC/pattern=pair/ctx=hardirq/threads=1",
			     "kernel/kvmalloc/size=64/gfp=NOWAIT/pattern=pair/ctx=softirq/threads=1",
			     NULL });
	expect_cases("{\"api\": \"kmem_cache_bulk\", \"sizes\": 64, \"gfp\": \"ATOMIC\","
		     " \"ctx\": [\"hardirq\", \"softirq\"]}", 1, (const char *const[]){
			     "kernel/kmem_cache_bulk/size=64/gfp=ATOMIC/pattern=pair/ctx=softirq/"
			     "threads=1/batch=64", NULL });
	/* Slab cannot take DMA32 or highmem; pages can. */
	expect_cases("{\"api\": [\"kmalloc\", \"alloc_pages\"], \"sizes\": 64, \"orders\": 0,"
		     " \"gfp\": [\"KERNEL+DMA32\", \"HIGHUSER\"]}", 2, NULL);
	/* kfree_rcu takes every size that holds an rcu_head. */
	expect_cases("{\"api\": \"kfree_rcu\", \"sizes\": [16, 64]}", 2, NULL);
	/* alloc_pages_exact: a byte size, page GFP rules less highmem and COMP. */
	expect_cases("{\"api\": \"alloc_pages_exact\", \"sizes\": 5000,"
		     " \"gfp\": [\"KERNEL\", \"KERNEL+DMA32\", \"HIGHUSER\", \"KERNEL+COMP\"]}",
		     2, alloc_exact);
	/* A ctor-built cache and a mempool would lose their work to ZERO. */
	expect_cases("{\"api\": [\"kmem_cache_ctor\", \"kmem_cache_hwalign\", \"mempool\"],"
		     " \"sizes\": 64, \"gfp\": [\"KERNEL\", \"KERNEL+ZERO\"]}", 4, NULL);
	/* vmap and vm_map_ram sleep and take no flags; a fixed size. */
	expect_cases("{\"api\": [\"vmap\", \"vm_map_ram\"], \"sizes\": 8192,"
		     " \"gfp\": [\"KERNEL\", \"ATOMIC\"],"
		     " \"pattern\": [\"pair\", \"random-size\"]}", 2, NULL);
	/* kmem_cache_shrink: batch patterns, sleeping sets, process context. */
	expect_cases("{\"api\": \"kmem_cache_shrink\", \"sizes\": 64,"
		     " \"gfp\": [\"KERNEL\", \"ATOMIC\", \"KERNEL+DMA\"],"
		     " \"pattern\": [\"pair\", \"batch\", \"random-free\"],"
		     " \"ctx\": [\"process\", \"irq-off\"]}", 2, (const char *const[]){
			     "kernel/kmem_cache_shrink/size=64/gfp=KERNEL/pattern=random-free/"
			     "ctx=process/threads=1/batch=64", NULL });
	/* remote-free needs a second thread. */
	expect_cases("{\"api\": \"kmalloc\", \"sizes\": 64, \"threads\": [1, 2],"
		     " \"pattern\": \"remote-free\"}", 1, NULL);
}

static void test_entry_errors(void)
{
	expect_error("{\"api\": \"vmalloc\", \"sizes\": 4096, \"ctx\": \"irq-off\"}",
		     "no combination of this entry can run: vmalloc may sleep");
	/* An explicit request in an interrupt: the case and the reason. */
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"gfp\": \"KERNEL\", \"ctx\": \"hardirq\"}",
		     "GFP KERNEL may sleep, so it cannot run in hardirq (use ATOMIC or NOWAIT) "
		     "(kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=hardirq/threads=1)");
	expect_error("{\"api\": \"__vmalloc\", \"sizes\": 4096, \"gfp\": \"ATOMIC\","
		     " \"ctx\": \"softirq\"}",
		     "__vmalloc may sleep whatever the flags, so it cannot run in softirq "
		     "(kernel/__vmalloc/size=4096/gfp=ATOMIC/pattern=pair/ctx=softirq/threads=1)");
	expect_error("{\"api\": \"kmem_cache_bulk\", \"sizes\": 64, \"gfp\": \"NOWAIT\","
		     " \"ctx\": \"hardirq\"}",
		     "kmem_cache_bulk must not run with interrupts off, as hardirq has them");
	expect_error("{\"api\": \"kmem_cache_shrink\", \"sizes\": 64, \"pattern\": \"pair\"}",
		     "kmem_cache_shrink cannot run the pair pattern");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"gfp\": \"KERNEL+ATOMIC\"}",
		     "more than one base set");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"gfp\": \"ZERO\"}", "no base set");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"gfp\": \"KERNEL+NORETRY+"
		     "RETRY_MAYFAIL\"}", "contradict");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"threads\": \"1..many\"}",
		     "'threads'");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"threads\": 300}", "'threads'");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"nodes\": [0]}",
		     "'nodes' is for kmalloc_node");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"size_max\": 128}",
		     "'size_max' is for");
	/* a byte size for a page API runs at the order that holds it; none past 20 */
	expect_error("{\"api\": \"alloc_pages\", \"sizes\": \"8G\"}",
		     "size 8589934592 rounds to order 21, past the largest order (20)");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 64, \"cpus\": []}", "'cpus'");
	expect_error("{\"api\": \"kmalloc\", \"sizes\": 8192, \"size_max\": 4096,"
		     " \"pattern\": \"random-size\"}", "size_max 4096 is below the size 8192");
	/* kfree_rcu needs an rcu_head in each object: an error naming the case. */
	expect_error("{\"api\": [\"kmalloc\", \"kfree_rcu\"], \"sizes\": [64, 8]}",
		     "case kernel/kfree_rcu/size=8/gfp=KERNEL/pattern=pair/ctx=process/threads=1:"
		     " kfree_rcu frees through an rcu_head inside the object, so sizes must be"
		     " at least 16 bytes");
	expect_error("{\"api\": \"alloc_pages_exact\", \"orders\": 1}",
		     "takes 'sizes', not 'orders'");
}

static void test_dimensions(void)
{
	static const char *const krealloc[] = {
		"kernel/krealloc/size=64/size_max=256/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		NULL,
	};
	static const char *const ranged[] = {
		"kernel/kmalloc/size=64/size_max=1000/gfp=KERNEL/pattern=random-size/ctx=process/"
		"threads=1",
		NULL,
	};
	static const char *const batch[] = {
		"kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1",
		"kernel/kmalloc/size=64/gfp=KERNEL/pattern=batch/ctx=process/threads=1/batch=16",
		"kernel/kmalloc/size=64/gfp=KERNEL/pattern=batch/ctx=process/threads=1/batch=64",
		"kernel/kmem_cache_bulk/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1/"
		"batch=16",
		NULL,
	};
	static const char *const placed[] = {
		"kernel/kmalloc_node/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=3/"
		"cpus=0,1/node=0",
		"kernel/alloc_pages/order=2/gfp=KERNEL/pattern=pair/ctx=process/threads=3/cpus=0,1",
		NULL,
	};
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	char entry[256];

	/* krealloc chains to 4x the size unless told; random-size draws to 2x. */
	expect_cases("{\"api\": \"krealloc\", \"sizes\": 64}", 1, krealloc);
	expect_cases("{\"api\": \"kmalloc\", \"sizes\": 64, \"size_max\": 1000,"
		     " \"pattern\": [\"random-size\", \"pair\"]}", 2, ranged);
	/* A batch the pattern does not use does not multiply the cases. */
	expect_cases("{\"api\": [\"kmalloc\", \"kmem_cache_bulk\"], \"sizes\": 64,"
		     " \"batch\": [16, 64], \"pattern\": [\"pair\", \"batch\"]}", 5, batch);
	expect_cases("{\"api\": [\"kmalloc_node\", \"alloc_pages\"], \"sizes\": 64,"
		     " \"orders\": 2, \"nodes\": [0], \"threads\": 3, \"cpus\": [0, 1]}", 2, placed);
	snprintf(entry, sizeof(entry), "{\"api\": \"kmalloc\", \"sizes\": 64,"
		 " \"threads\": \"1..online\"}");
	expect_cases(entry, (size_t)(online > 256 ? 256 : online), NULL);
	expect_cases("{\"api\": \"kmalloc\", \"sizes\": 64, \"threads\": [\"2..3\", 1, 3]}", 3,
		     NULL);
}

static void test_rules(void)
{
	const struct kmb_api_name *vm = kmb_api_by_name("vmalloc");
	struct kmb_case kc = { .api = KMB_API_VMALLOC, .gfp = KMB_GFP(KERNEL) | KMB_GFP(ZERO),
			       .threads = 1, .size = 4096, .node = KMB_NODE_ANY };
	char why[256];

	CHECK(kmb_kcase_check(&kc, vm, why, sizeof(why)) < 0);
	CHECK(strstr(why, "takes no GFP flags") != NULL);
	kc.gfp = KMB_GFP(KERNEL);
	CHECK(kmb_kcase_check(&kc, vm, why, sizeof(why)) == 0);
	CHECK(kmb_grow_steps(64, 4096) == 6 && kmb_grow_steps(64, 100) == 1);
	CHECK(kmb_grow_steps(64, 64) == 0);
	CHECK(kmb_pattern_min_threads(KMB_PATTERN_REMOTE_FREE) == 2);
	CHECK(kmb_pattern_min_threads(KMB_PATTERN_PAIR) == 1);
	/* The context names come from KMB_CONTEXTS, in ABI order. */
	CHECK(kmb_ctx_names_count == KMB_CTX_NR);
	CHECK(kmb_name_lookup(kmb_ctx_names, kmb_ctx_names_count, "hardirq") == KMB_CTX_HARDIRQ);
	CHECK(kmb_name_lookup(kmb_ctx_names, kmb_ctx_names_count, "softirq") == KMB_CTX_SOFTIRQ);
	CHECK(kmb_ctx_irqs_off(KMB_CTX_HARDIRQ) && !kmb_ctx_irqs_off(KMB_CTX_SOFTIRQ));
}

static void test_histogram(void)
{
	static uint64_t counts[KMB_HIST_BUCKETS];
	double lo, width, out[100];

	/* Every value lands in a bucket whose bounds hold it. */
	for (uint64_t v = 0; v < (1ULL << 47); v = v < 256 ? v + 1 : v + v / 7) {
		uint32_t i = kmb_hist_index(v);

		kmb_hist_bounds(i, &lo, &width);
		if (!(i < KMB_HIST_BUCKETS && lo <= (double)v && (double)v < lo + width)) {
			fprintf(stderr, "value %llu: bucket %u [%g, %g)\n", (unsigned long long)v,
				i, lo, lo + width);
			kmb_check_failures++;
			break;
		}
	}
	CHECK(kmb_hist_index(1ULL << 50) == KMB_HIST_BUCKETS - 1);
	kmb_hist_bounds(KMB_HIST_BUCKETS - 1, &lo, &width);
	CHECK(width / lo < 0.04);

	/* 90 operations of 10 cycles, 10 of about 1000: the tail shows. */
	counts[kmb_hist_index(10)] = 90;
	counts[kmb_hist_index(1000)] = 10;
	CHECK(kmb_hist_quantiles(counts, 10, 1003, out, 100) == 100);
	CHECK(out[0] == 10 && out[50] == 10 && out[89] == 10);
	CHECK(out[90] >= 992 && out[95] <= 1024 && out[99] == 1003);
	for (int i = 1; i < 100; i++)
		CHECK(out[i] >= out[i - 1]);
	memset(counts, 0, sizeof(counts));
	CHECK(kmb_hist_quantiles(counts, 0, 0, out, 10) == 0);
}

int main(void)
{
	test_impossible_skipped();
	test_page_bytes();
	test_entry_errors();
	test_dimensions();
	test_rules();
	test_histogram();
	return kmb_check_done("test_kcases");
}
