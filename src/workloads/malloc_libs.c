#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malloc_libs.h"

struct allocator_row {
	const char *name;
	const char *soname;		/* NULL: the process's own malloc */
	const char *debian_package;
	const char *alloc_sym, *free_sym;
	void (*version)(void *lib, char *buf, size_t len);
};

static void glibc_version(void *lib, char *buf, size_t len)
{
	(void)lib;
	snprintf(buf, len, "%s", gnu_get_libc_version());
}

static void jemalloc_version(void *lib, char *buf, size_t len)
{
	int (*mallctl)(const char *, void *, size_t *, void *, size_t) =
		(int (*)(const char *, void *, size_t *, void *, size_t))dlsym(lib, "mallctl");
	const char *v = NULL;
	size_t vlen = sizeof(v);

	if (mallctl && mallctl("version", &v, &vlen, NULL, 0) == 0 && v)
		snprintf(buf, len, "%s", v);
}

static void tcmalloc_version(void *lib, char *buf, size_t len)
{
	const char *(*tc_version)(int *, int *, const char **) =
		(const char *(*)(int *, int *, const char **))dlsym(lib, "tc_version");
	int major, minor;
	const char *patch, *v = tc_version ? tc_version(&major, &minor, &patch) : NULL;

	if (v)
		snprintf(buf, len, "%s", v);
}

static void mimalloc_version(void *lib, char *buf, size_t len)
{
	int (*mi_version)(void) = (int (*)(void))dlsym(lib, "mi_version");

	/* mi_version() is major * 100 + minor * 10 + patch: 209 is 2.0.9. */
	if (mi_version) {
		int v = mi_version();

		snprintf(buf, len, "%d.%d.%d", v / 100, v / 10 % 10, v % 10);
	}
}

static const struct allocator_row allocator_rows[] = {
	{ "glibc", NULL, "libc6", "malloc", "free", glibc_version },
	{ "jemalloc", "libjemalloc.so.2", "libjemalloc2", "malloc", "free", jemalloc_version },
	{ "tcmalloc", "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4", "tc_malloc", "tc_free",
	  tcmalloc_version },
	{ "mimalloc", "libmimalloc.so.2", "libmimalloc2.0", "mi_malloc", "mi_free",
	  mimalloc_version },
};

const char *const kmb_malloc_lib_names[] = { "glibc", "jemalloc", "tcmalloc", "mimalloc", NULL };

/* The file that holds @fn, so that the result says what really ran. */
static int library_of(void *fn, char *buf, size_t len)
{
	Dl_info info;

	if (!dladdr(fn, &info) || !info.dli_fname)
		return -1;
	snprintf(buf, len, "%s", info.dli_fname);
	return 0;
}

static int load_own(const struct allocator_row *row, struct kmb_malloc_lib *a, char *why,
		    size_t len)
{
	a->alloc = malloc;
	a->release = free;
	if (library_of((void *)a->alloc, a->library, sizeof(a->library)) ||
	    !strstr(a->library, "libc.so")) {
		snprintf(why, len, "malloc() of this process is not glibc's but comes from %s "
			 "(LD_PRELOAD?)", a->library[0] ? a->library : "an unknown object");
		return -1;
	}
	row->version(NULL, a->version, sizeof(a->version));
	return 0;
}

int kmb_malloc_lib_load(const char *name, struct kmb_malloc_lib *a, char *why, size_t len)
{
	const struct allocator_row *row = NULL;
	void *lib;

	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < sizeof(allocator_rows) / sizeof(allocator_rows[0]); i++)
		if (strcmp(allocator_rows[i].name, name) == 0)
			row = &allocator_rows[i];
	if (!row) {
		snprintf(why, len, "allocator '%s' is unknown", name);
		return -1;
	}
	a->name = row->name;
	if (!row->soname)
		return load_own(row, a, why, len);
	/*
	 * RTLD_LOCAL keeps the allocator's malloc from replacing the process's;
	 * RTLD_NODELETE keeps its code mapped after dlclose, since its thread
	 * caches have destructors that run when threads exit.
	 */
	lib = dlopen(row->soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!lib) {
		snprintf(why, len, "%s cannot be loaded (%s): install the Debian package %s",
			 row->soname, dlerror(), row->debian_package);
		return -1;
	}
	*(void **)&a->alloc = dlsym(lib, row->alloc_sym);
	*(void **)&a->release = dlsym(lib, row->free_sym);
	if (!a->alloc || !a->release ||
	    library_of((void *)a->alloc, a->library, sizeof(a->library)) ||
	    !strstr(a->library, row->soname)) {
		snprintf(why, len, "%s does not define %s and %s itself", row->soname,
			 row->alloc_sym, row->free_sym);
		dlclose(lib);
		return -1;
	}
	row->version(lib, a->version, sizeof(a->version));
	dlclose(lib);
	return 0;
}
