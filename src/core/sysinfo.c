#include "sysinfo.h"

#include <cpuid.h>
#include <hwloc.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fingerprint.h"
#include "kclient.h"
#include "util.h"

const char *kmb_virt_mode(char *buf, size_t len)
{
	char cmdline[4096];
	unsigned int eax, ebx, ecx, edx;
	char vendor[13];
	const char *p;

	if (kmb_read_text("/proc/cmdline", cmdline, sizeof(cmdline)) == 0 &&
	    (p = strstr(cmdline, "kmembench_virt=")) != NULL) {
		p += strlen("kmembench_virt=");
		snprintf(buf, len, "%.*s", (int)strcspn(p, " \t\n"), p);
		return buf;
	}
	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 31))) {
		snprintf(buf, len, "native");
		return buf;
	}
	__cpuid(0x40000000, eax, ebx, ecx, edx);
	memcpy(vendor, &ebx, 4);
	memcpy(vendor + 4, &ecx, 4);
	memcpy(vendor + 8, &edx, 4);
	vendor[12] = '\0';
	if (strncmp(vendor, "KVMKVMKVM", 9) == 0)
		snprintf(buf, len, "kvm");
	else if (strncmp(vendor, "TCGTCGTCGTCG", 12) == 0)
		snprintf(buf, len, "tcg");
	else
		snprintf(buf, len, "vm:%s", vendor[0] ? vendor : "unknown");
	return buf;
}

/* The selected value of a sysfs choice file: "always [madvise] never". */
static json_t *sysfs_choice(const char *path)
{
	char buf[256], *l, *r;

	if (kmb_read_text(path, buf, sizeof(buf)))
		return json_null();
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r) {
		*r = '\0';
		return json_string(l + 1);
	}
	return json_string(buf);
}

static json_t *meminfo_kib(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	size_t klen = strlen(key);
	json_t *v = json_null();

	if (!f)
		return v;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = json_integer(strtoll(line + klen + 1, NULL, 10) * 1024);
			break;
		}
	}
	fclose(f);
	return v;
}

static json_t *cpu_model_from_proc(void)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];
	json_t *v = json_null();

	if (!f)
		return v;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *c = strchr(line, ':');

			if (c) {
				c += 2;
				c[strcspn(c, "\n")] = '\0';
				v = json_string(c);
			}
			break;
		}
	}
	fclose(f);
	return v;
}

static json_t *cpu_json(void)
{
	hwloc_topology_t topo;
	json_t *o = json_object();

	json_object_set_new(o, "model", cpu_model_from_proc());
	json_object_set_new(o, "online", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
	if (hwloc_topology_init(&topo) == 0) {
		if (hwloc_topology_load(topo) == 0) {
			json_object_set_new(o, "packages", json_integer(
				hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE)));
			json_object_set_new(o, "cores", json_integer(
				hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE)));
			json_object_set_new(o, "pus", json_integer(
				hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU)));
			json_object_set_new(o, "l3_caches", json_integer(
				hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_L3CACHE)));
		}
		hwloc_topology_destroy(topo);
	}
	return o;
}

static json_t *numa_json(void)
{
	json_t *o = json_object(), *nodes = json_array();

	if (numa_available() < 0) {
		json_object_set_new(o, "available", json_false());
		json_object_set_new(o, "nodes", nodes);
		return o;
	}
	json_object_set_new(o, "available", json_true());
	for (int n = 0; n <= numa_max_node(); n++) {
		long long free_b = 0, size;

		if (!numa_bitmask_isbitset(numa_all_nodes_ptr, n))
			continue;
		size = numa_node_size64(n, &free_b);
		json_array_append_new(nodes, json_pack("{s:i, s:I, s:I}", "node", n,
						       "memory", (json_int_t)size,
						       "free", (json_int_t)free_b));
	}
	json_object_set_new(o, "nodes", nodes);
	return o;
}

/* CONFIG_* options from /boot/config-<release>, when the module is absent. */
static json_t *config_from_boot(const char *release)
{
	static const char *const wanted[] = {
		"SLUB", "SLAB", "PREEMPT_NONE", "PREEMPT_VOLUNTARY", "PREEMPT",
		"PREEMPT_RT", "PREEMPT_DYNAMIC", "KASAN", "KFENCE", "SLUB_DEBUG",
		"SLUB_DEBUG_ON", "DEBUG_PAGEALLOC", "INIT_ON_ALLOC_DEFAULT_ON",
		"INIT_ON_FREE_DEFAULT_ON", "MEMCG", "NUMA", "TRANSPARENT_HUGEPAGE",
		"HIGHMEM", "ZONE_DMA", "ZONE_DMA32", "SLAB_FREELIST_RANDOM",
		"SLAB_FREELIST_HARDENED", "RANDOM_KMALLOC_CACHES", "DEBUG_VM",
		"LOCKDEP", "KMSAN", "HARDENED_USERCOPY", "DMA_CMA",
	};
	char path[512], line[512];
	json_t *o;
	FILE *f;

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	f = fopen(path, "re");
	if (!f)
		return json_null();
	o = json_object();
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		json_object_set_new(o, wanted[i], json_false());
	while (fgets(line, sizeof(line), f)) {
		char *eq;

		if (strncmp(line, "CONFIG_", 7) != 0 || !(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		if (json_object_get(o, line + 7) && (eq[1] == 'y' || eq[1] == 'm'))
			json_object_set_new(o, line + 7, json_true());
	}
	fclose(f);
	return o;
}

json_t *kmb_sysinfo_json(const struct kmb_info *info)
{
	struct utsname u;
	char buf[4096], virt[64];
	json_t *sys = json_object(), *kernel, *config, *mem, *thp;

	uname(&u);
	kernel = json_pack("{s:s, s:s, s:s}", "release", u.release, "version", u.version,
			   "machine", u.machine);
	json_object_set_new(kernel, "cmdline", kmb_read_text("/proc/cmdline", buf, sizeof(buf))
			    ? json_null() : json_string(buf));
	json_object_set_new(sys, "hostname", json_string(u.nodename));
	json_object_set_new(sys, "kernel", kernel);

	if (info) {
		config = kmb_info_config_json(info->config);
		json_object_set_new(sys, "config_source", json_string("module"));
	} else {
		config = config_from_boot(u.release);
		json_object_set_new(sys, "config_source",
				    json_is_null(config) ? json_null() : json_string("boot-config"));
	}
	json_object_set_new(sys, "config", config);
	json_object_set_new(sys, "fingerprint", kmb_fingerprint_json("", config,
		json_string_value(json_object_get(sys, "config_source"))));
	json_object_set_new(sys, "cpu", cpu_json());
	json_object_set_new(sys, "numa", numa_json());

	mem = json_object();
	json_object_set_new(mem, "total", meminfo_kib("MemTotal"));
	json_object_set_new(mem, "available", meminfo_kib("MemAvailable"));
	json_object_set_new(mem, "hugepage_size", meminfo_kib("Hugepagesize"));
	json_object_set_new(mem, "page_size", json_integer(sysconf(_SC_PAGESIZE)));
	json_object_set_new(sys, "memory", mem);

	thp = json_object();
	json_object_set_new(thp, "enabled",
			    sysfs_choice("/sys/kernel/mm/transparent_hugepage/enabled"));
	json_object_set_new(thp, "defrag",
			    sysfs_choice("/sys/kernel/mm/transparent_hugepage/defrag"));
	json_object_set_new(sys, "thp", thp);

	json_object_set_new(sys, "clocksource",
		kmb_read_text("/sys/devices/system/clocksource/clocksource0/current_clocksource",
			      buf, sizeof(buf)) ? json_null() : json_string(buf));
	json_object_set_new(sys, "virt", json_string(kmb_virt_mode(virt, sizeof(virt))));
	return sys;
}
