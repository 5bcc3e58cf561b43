#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wl_lib.h"

static void limit_text(rlim_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, len, "unlimited");
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)v);
}

int kmb_memlock_raise(struct kmb_memlock *m, uint64_t need, const char *what)
{
	struct rlimit want;
	char cur[48], max[48];

	m->changed = false;
	m->why[0] = '\0';
	if (getrlimit(RLIMIT_MEMLOCK, &m->saved)) {
		snprintf(m->why, sizeof(m->why), "getrlimit(RLIMIT_MEMLOCK): %s", strerror(errno));
		return -1;
	}
	if (m->saved.rlim_cur == RLIM_INFINITY || m->saved.rlim_cur >= need)
		return 0;
	want.rlim_cur = (rlim_t)need;
	want.rlim_max = m->saved.rlim_max == RLIM_INFINITY || m->saved.rlim_max >= need ?
			m->saved.rlim_max : (rlim_t)need;
	if (setrlimit(RLIMIT_MEMLOCK, &want) == 0) {
		m->changed = true;
		return 0;
	}
	limit_text(m->saved.rlim_cur, cur, sizeof(cur));
	limit_text(m->saved.rlim_max, max, sizeof(max));
	snprintf(m->why, sizeof(m->why), "RLIMIT_MEMLOCK is %s (hard limit %s) and cannot be "
		 "raised here (%s); %s needs at least %llu bytes: raise it (ulimit -l, prlimit "
		 "--memlock) or run with CAP_IPC_LOCK", cur, max, strerror(errno), what,
		 (unsigned long long)need);
	return -1;
}

void kmb_memlock_restore(struct kmb_memlock *m)
{
	if (m->changed && setrlimit(RLIMIT_MEMLOCK, &m->saved) == 0)
		m->changed = false;
}

uint64_t kmb_vm_size(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

int kmb_sys_mlock(const void *p, size_t len)
{
	return (int)syscall(SYS_mlock, p, len);
}

int kmb_sys_munlock(const void *p, size_t len)
{
	return (int)syscall(SYS_munlock, p, len);
}
