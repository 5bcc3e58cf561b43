/*
 * The allocation-cost fingerprint (src/core/fingerprint.c) read from fixture
 * trees in tests/unit/data/fingerprint/ (a 1 GiB guest's files; a system
 * with nothing but a command line), and compare's warnings about it
 * (src/compare/env.c) in every output format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compare.h"
#include "fingerprint.h"

static char datadir[4096];

static json_t *read_tree(const char *tree, const json_t *config)
{
	char root[4200];

	snprintf(root, sizeof(root), "%s/%s", datadir, tree);
	return kmb_fingerprint_json(root, config, "module");
}

static const json_t *field(const json_t *fp, const char *item, const char *key)
{
	return json_object_get(json_object_get(fp, item), key);
}

static bool is_string(const json_t *fp, const char *item, const char *key, const char *want)
{
	const json_t *v = field(fp, item, key);

	if (!want)
		return json_is_null(v);
	return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}

static bool is_int(const json_t *fp, const char *item, long long want)
{
	const json_t *v = field(fp, item, "value");

	return json_is_integer(v) && json_integer_value(v) == want;
}

/* What the kernel exposes wins over the command line, which is recorded. */
static void test_guest(void)
{
	json_t *fp = read_tree("guest-1g", NULL), *zones, *vul;

	CHECK(is_string(fp, "init_on_alloc", "value", "off"));
	CHECK(is_string(fp, "init_on_alloc", "source", "/dev/kmsg mem auto-init"));
	/* Two words: the last is what the kernel took. */
	CHECK(is_string(fp, "init_on_alloc", "cmdline", "init_on_alloc=0"));
	CHECK(is_string(fp, "init_on_free", "value", "on"));
	CHECK(is_string(fp, "init_on_free", "cmdline", NULL));
	CHECK(is_string(fp, "slub_debug", "value", "red_zone, poison"));
	CHECK(is_string(fp, "slub_debug", "source", "/sys/kernel/slab/kmalloc-64"));
	CHECK(is_int(fp, "kfence.sample_interval", 100));
	CHECK(is_string(fp, "kfence.sample_interval", "source",
			"/sys/module/kfence/parameters/sample_interval"));
	CHECK(is_string(fp, "transparent_hugepage", "value", "never"));
	CHECK(is_int(fp, "vm.overcommit_memory", 2));
	CHECK(is_int(fp, "swap_total", 524284LL * 1024));
	CHECK(is_string(fp, "swap_total", "source", "/proc/meminfo SwapTotal"));
	CHECK(field(fp, "swap_total", "cmdline") == NULL);
	CHECK(is_int(fp, "cma_total", 16384LL * 1024));
	CHECK(is_string(fp, "cma_total", "cmdline", "cma=16M"));

	/* Affected vulnerabilities only. */
	vul = (json_t *)field(fp, "mitigations", "value");
	CHECK(json_is_object(vul) && json_object_size(vul) == 2);
	CHECK(is_string(fp, "mitigations", "source", "/sys/devices/system/cpu/vulnerabilities"));
	CHECK(json_is_string(json_object_get(vul, "meltdown")) &&
	      strcmp(json_string_value(json_object_get(vul, "meltdown")), "Mitigation: PTI") == 0);
	CHECK(json_object_get(vul, "mds") == NULL);

	/* Zones with managed pages: DMA and DMA32, no Normal in 1 GiB. */
	zones = json_object_get((json_t *)field(fp, "zones", "value"), "node0");
	CHECK(json_is_object(zones) && json_object_size(zones) == 2);
	CHECK(json_integer_value(json_object_get(zones, "DMA")) == 3840);
	CHECK(json_integer_value(json_object_get(zones, "DMA32")) == 234551);
	CHECK(json_object_get(zones, "Normal") == NULL);
	CHECK(is_string(fp, "zones", "source", "/proc/zoneinfo"));
	json_decref(fp);
}

/* Nothing exposed: the command line, then the config's default, then null. */
static void test_cmdline_only(void)
{
	json_t *config = json_pack("{s:b, s:b}", "INIT_ON_ALLOC_DEFAULT_ON", 1,
				   "INIT_ON_FREE_DEFAULT_ON", 1);
	json_t *fp = read_tree("cmdline-only", config);

	CHECK(is_string(fp, "init_on_alloc", "value", "off"));
	CHECK(is_string(fp, "init_on_alloc", "source", "cmdline"));
	/* A bare word is not a setting the kernel takes: the default stands. */
	CHECK(is_string(fp, "init_on_free", "value", "on"));
	CHECK(is_string(fp, "init_on_free", "source", "config INIT_ON_FREE_DEFAULT_ON (module)"));
	CHECK(is_string(fp, "init_on_free", "cmdline", "init_on_free"));
	CHECK(is_int(fp, "kfence.sample_interval", 0));
	CHECK(is_string(fp, "transparent_hugepage", "value", "always"));
	CHECK(is_int(fp, "vm.overcommit_memory", 1));
	CHECK(is_string(fp, "vm.overcommit_memory", "cmdline", "sysctl.vm.overcommit_memory=1"));
	/* Recorded, but not in the value's form. */
	CHECK(is_string(fp, "slub_debug", "value", NULL));
	CHECK(is_string(fp, "slub_debug", "source", NULL));
	CHECK(is_string(fp, "slub_debug", "cmdline", "slub_debug=FZ"));
	CHECK(is_string(fp, "mitigations", "value", NULL));
	CHECK(is_string(fp, "mitigations", "cmdline", "mitigations=off"));
	CHECK(json_is_null(field(fp, "swap_total", "value")));
	CHECK(json_is_null(field(fp, "zones", "value")));
	json_decref(fp);
	json_decref(config);
}

/* The one line the single-run report shows. */
static void test_text(void)
{
	json_t *fp = read_tree("guest-1g", NULL);
	char line[1024], small[24];

	kmb_fingerprint_text(fp, line, sizeof(line));
	CHECK(strncmp(line, "init_on_alloc off; init_on_free on; slub_debug red_zone, poison; "
		      "kfence.sample_interval 100; mitigations ", 105) == 0);
	CHECK(strstr(line, "; zones node0 (DMA 3840, DMA32 234551)") != NULL);
	CHECK(strstr(line, "; cma_total 16777216; ") != NULL);
	CHECK(strstr(line, "Mitigation") == NULL);	/* names, not statuses */
	/* Cut short, never overflowing. */
	kmb_fingerprint_text(fp, small, sizeof(small));
	CHECK(strcmp(small, "init_on_alloc off; init") == 0);
	json_decref(fp);

	fp = read_tree("no-such-tree", NULL);
	kmb_fingerprint_text(fp, line, sizeof(line));
	CHECK(strstr(line, "init_on_alloc absent; ") == line);
	json_decref(fp);
	kmb_fingerprint_text(NULL, line, sizeof(line));
	CHECK(line[0] == '\0');
}

/* A root with nothing in it: every item absent, no error. */
static void test_nothing(void)
{
	json_t *fp = read_tree("no-such-tree", NULL);
	const char *key;
	json_t *item;

	CHECK(json_object_size(fp) == 10);
	json_object_foreach(fp, key, item) {
		CHECK(json_is_null(json_object_get(item, "value")));
		CHECK(json_is_null(json_object_get(item, "source")));
	}
	json_decref(fp);
}

/* A minimal result document around @fp (NULL: none) with THP policy @thp. */
static json_t *doc_with(json_t *fp, const char *thp)
{
	json_t *doc = json_pack(
		"{s:s, s:{s:{s:s}, s:{s:s}}, s:{s:s, s:b}, s:[{s:s, s:s, s:{}, s:I,"
		" s:{s:{s:s, s:[f, f, f], s:I}}}]}",
		"schema", "kmembench/1", "system", "kernel", "release", "6.12.0-test",
		"thp", "enabled", thp, "run", "suite", "unit", "interrupted", 0,
		"results", "id", "kernel/kmalloc/size=64", "group", "kernel", "params",
		"repetitions", (json_int_t)3, "phases", "alloc", "unit", "ns",
		"rep_medians", 100.0, 101.0, 102.0, "n", (json_int_t)100);

	if (fp)
		json_object_set_new(json_object_get(doc, "system"), "fingerprint", fp);
	return doc;
}

static void compare_docs(json_t *base, json_t *new, struct kmb_cmp_doc *b,
			 struct kmb_cmp_doc *n, struct kmb_comparison *c)
{
	struct kmb_cmp_opts o;
	struct kmb_err err = { 0 };

	kmb_cmp_opts_default(&o);
	CHECK(kmb_cmp_doc_from_json(base, "base.json", b, &err) == 0);
	CHECK(kmb_cmp_doc_from_json(new, "new.json", n, &err) == 0);
	CHECK(kmb_compare(b, n, &o, c, &err) == 0);
	json_decref(base);
	json_decref(new);
}

static void release(struct kmb_cmp_doc *b, struct kmb_cmp_doc *n, struct kmb_comparison *c)
{
	kmb_comparison_free(c);
	kmb_cmp_doc_free(b);
	kmb_cmp_doc_free(n);
}

static const struct kmb_cmp_envdiff *find(const struct kmb_comparison *c, const char *name)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->env[i].field, name) == 0)
			return &c->env[i];
	return NULL;
}

static bool diff_is(const struct kmb_comparison *c, const char *name, const char *base,
		    const char *new)
{
	const struct kmb_cmp_envdiff *d = find(c, name);
	char a[128], b[128];

	if (!d)
		return false;
	kmb_cmp_env_value(d->base, a, sizeof(a));
	kmb_cmp_env_value(d->new, b, sizeof(b));
	return strcmp(a, base) == 0 && strcmp(b, new) == 0;
}

/* The rendered outputs: one line per difference, both values named. */
static void check_outputs(const struct kmb_comparison *c)
{
	struct kmb_cmp_opts o;
	char *text = NULL, *md = NULL, *js;
	size_t len;
	FILE *f;
	json_t *report;

	kmb_cmp_opts_default(&o);
	f = open_memstream(&text, &len);
	CHECK(f && kmb_cmp_report_text(f, c, 1, &o, false) == 0);
	fclose(f);
	CHECK(text && strstr(text, "  system.fingerprint.init_on_alloc: \"off\" (base) vs "
			     "\"on\" (new)\n") != NULL);
	CHECK(text && strstr(text, "system.fingerprint.zones.node0.Normal: absent (base) vs "
			     "1900544 (new)") != NULL);
	f = open_memstream(&md, &len);
	CHECK(f && kmb_cmp_report_markdown(f, c, 1, &o) == 0);
	fclose(f);
	CHECK(md && strstr(md, "system.fingerprint.init_on_alloc") != NULL);
	CHECK(md && strstr(md, "system.fingerprint.zones.node0.Normal") != NULL);
	report = kmb_cmp_report_json(c, 1, &o);
	js = report ? json_dumps(report, JSON_COMPACT) : NULL;
	CHECK(js && strstr(js, "{\"field\":\"system.fingerprint.init_on_alloc\",\"base\":\"off\","
			   "\"new\":\"on\",\"base_present\":true,\"new_present\":true}") != NULL);
	free(js);
	json_decref(report);
	free(text);
	free(md);
}

static void test_compare_warns(void)
{
	json_t *config = json_pack("{s:b}", "INIT_ON_ALLOC_DEFAULT_ON", 1);
	json_t *base = read_tree("guest-1g", NULL), *new = json_deep_copy(base);
	json_t *zones = json_object_get(field(new, "zones", "value"), "node0");
	struct kmb_cmp_doc b, n;
	struct kmb_comparison c;

	/* A 8 GiB guest without init_on_alloc=0, and THP policy differing too. */
	json_object_set_new(json_object_get(new, "init_on_alloc"), "value", json_string("on"));
	json_object_set_new(zones, "DMA32", json_integer(234551 + 1000));	/* < 2 % */
	json_object_set_new(zones, "Normal", json_integer(1900544));
	json_object_set_new(json_object_get(new, "transparent_hugepage"), "value",
			    json_string("madvise"));
	compare_docs(doc_with(base, "never"), doc_with(new, "madvise"), &b, &n, &c);
	CHECK(c.nenv == 3);
	CHECK(diff_is(&c, "system.fingerprint.init_on_alloc", "\"off\"", "\"on\""));
	CHECK(diff_is(&c, "system.fingerprint.zones.node0.Normal", "absent", "1900544"));
	CHECK(diff_is(&c, "system.fingerprint.transparent_hugepage", "\"never\"",
		      "\"madvise\""));
	/* thp.enabled is the fingerprint's transparent_hugepage: said once. */
	CHECK(find(&c, "system.thp.enabled") == NULL);
	CHECK(find(&c, "system.fingerprint.zones.node0.DMA32") == NULL);
	check_outputs(&c);
	release(&b, &n, &c);

	/* Equal fingerprints from different sources: nothing to warn about. */
	base = read_tree("guest-1g", NULL);
	new = json_deep_copy(base);
	json_object_set_new(json_object_get(new, "init_on_alloc"), "source",
			    json_string("cmdline"));
	compare_docs(doc_with(base, "never"), doc_with(new, "never"), &b, &n, &c);
	CHECK(c.nenv == 0);
	release(&b, &n, &c);

	/* A kernel without KFENCE, a vulnerability mitigated on one side only. */
	base = read_tree("guest-1g", NULL);
	new = json_deep_copy(base);
	json_object_set_new(json_object_get(new, "kfence.sample_interval"), "value", json_null());
	json_object_del(json_object_get(json_object_get(new, "mitigations"), "value"),
			"meltdown");
	compare_docs(doc_with(base, "never"), doc_with(new, "never"), &b, &n, &c);
	CHECK(c.nenv == 2);
	CHECK(diff_is(&c, "system.fingerprint.kfence.sample_interval", "100", "null"));
	CHECK(diff_is(&c, "system.fingerprint.mitigations.meltdown", "\"Mitigation: PTI\"",
		      "absent"));
	release(&b, &n, &c);

	/* A document from before the fingerprint: one line, and THP still compared. */
	compare_docs(doc_with(NULL, "never"), doc_with(read_tree("cmdline-only", config),
						       "always"), &b, &n, &c);
	CHECK(c.nenv == 2);
	CHECK(find(&c, "system.fingerprint") && !find(&c, "system.fingerprint")->base);
	CHECK(diff_is(&c, "system.thp.enabled", "\"never\"", "\"always\""));
	release(&b, &n, &c);
	json_decref(config);

	/* Fingerprints recorded as null on both sides: THP is still compared. */
	compare_docs(doc_with(json_null(), "never"), doc_with(json_null(), "always"), &b, &n, &c);
	CHECK(c.nenv == 1 && diff_is(&c, "system.thp.enabled", "\"never\"", "\"always\""));
	release(&b, &n, &c);
}

/* A fingerprint item that is not an object is bad input, named. */
static void test_bad_item(void)
{
	json_t *fp = read_tree("guest-1g", NULL), *doc;
	struct kmb_cmp_doc d;
	struct kmb_err err = { 0 };

	json_object_set_new(fp, "init_on_alloc", json_string("on"));
	doc = doc_with(fp, "never");
	CHECK(kmb_cmp_doc_from_json(doc, "bad.json", &d, &err) == KMB_EXIT_USAGE);
	CHECK(strstr(err.msg, "system.fingerprint.init_on_alloc") != NULL);
	CHECK(strstr(err.msg, "expected an object, got a string") != NULL);
	kmb_cmp_doc_free(&d);
	json_decref(doc);
}

int main(void)
{
	const char *src = getenv("KMB_SOURCE_DIR");

	snprintf(datadir, sizeof(datadir), "%s/tests/unit/data/fingerprint", src ? src : ".");
	test_guest();
	test_cmdline_only();
	test_nothing();
	test_text();
	test_compare_warns();
	test_bad_item();
	return kmb_check_done("test_fingerprint");
}
