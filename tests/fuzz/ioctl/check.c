/*
 * The oracles: which errors each request may end with, no kernel address in
 * anything the module writes back, the module idle (live counters zero)
 * whenever no request is in flight and no FRAGMENT is held.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ifz.h"

const char *const ifz_kind_names[IFZ_KIND_NR] = {
	[IFZ_NUMBER] = "number",	[IFZ_INFO] = "info",
	[IFZ_RUN] = "run",		[IFZ_PROBE] = "probe",
	[IFZ_POINTER] = "pointer",	[IFZ_TRUNCATED] = "truncated",
	[IFZ_SIGNAL] = "signal",	[IFZ_REOPEN] = "reopen",
	[IFZ_OPEN] = "open",		[IFZ_NOPRIV] = "nopriv",
	[IFZ_KILLED] = "killed",
};

const char *const ifz_outcome_names[IFZ_OUT_NR] = {
	[IFZ_OK] = "ok",		[IFZ_EINVAL] = "EINVAL",
	[IFZ_EFAULT] = "EFAULT",	[IFZ_ENOTTY] = "ENOTTY",
	[IFZ_ENOMEM] = "ENOMEM",	[IFZ_EOPNOTSUPP] = "EOPNOTSUPP",
	[IFZ_EINTR] = "EINTR",		[IFZ_EBUSY] = "EBUSY",
	[IFZ_EPERM] = "EPERM",		[IFZ_EACCES] = "EACCES",
	[IFZ_EBADF] = "EBADF",		[IFZ_EIO] = "EIO",
	[IFZ_EOTHER] = "other",
};

static enum ifz_outcome outcome_of(int ret, int err)
{
	if (ret >= 0)
		return IFZ_OK;
	switch (err) {
	case EINVAL: return IFZ_EINVAL;
	case EFAULT: return IFZ_EFAULT;
	case ENOTTY: return IFZ_ENOTTY;
	case ENOMEM: return IFZ_ENOMEM;
	case EOPNOTSUPP: return IFZ_EOPNOTSUPP;
	case EINTR: return IFZ_EINTR;
	case EBUSY: return IFZ_EBUSY;
	case EPERM: return IFZ_EPERM;
	case EACCES: return IFZ_EACCES;
	case EBADF: return IFZ_EBADF;
	case EIO: return IFZ_EIO;
	default: return IFZ_EOTHER;
	}
}

void ifz_count(struct ifz_env *env, enum ifz_kind kind, int ret, int err)
{
	__atomic_fetch_add(&env->stats->count[kind][outcome_of(ret, err)], 1, __ATOMIC_RELAXED);
}

void ifz_violation(struct ifz_env *env, uint32_t worker, uint64_t index, enum ifz_kind kind,
		   const char *fmt, ...)
{
	uint64_t n = __atomic_add_fetch(&env->stats->violations, 1, __ATOMIC_RELAXED);
	char msg[512];
	va_list ap;

	if (n > 50)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "ioctl-fuzz: VIOLATION worker=%u request=%llu kind=%s: %s "
		"(replay: --seed %llu --replay %llu%s)\n", worker, (unsigned long long)index,
		ifz_kind_names[kind], msg, (unsigned long long)env->seed,
		(unsigned long long)index, worker ? ", concurrent phase" : "");
}

int ifz_errno_allowed(unsigned long cmd, int err)
{
	switch (cmd) {
	case KMB_IOC_ABI_VERSION:
	case KMB_IOC_INFO:
		return err == EFAULT;
	/* EIO: a DMA mask the platform refuses for the module's device */
	case KMB_IOC_RUN:
		return err == EINVAL || err == EFAULT || err == ENOMEM || err == EOPNOTSUPP ||
		       err == EINTR || err == EIO;
	case KMB_IOC_PROBE:
		return err == EINVAL || err == EFAULT || err == ENOMEM || err == EOPNOTSUPP ||
		       err == EINTR || err == EBUSY || err == EIO;
	default:
		return err == ENOTTY;
	}
}

void ifz_outcome(struct ifz_worker *w, uint64_t index, enum ifz_kind kind, unsigned long cmd,
		 int ret, int err)
{
	ifz_count(w->env, kind, ret, err);
	/* concurrent workers race with the close that ends their round */
	if (ret < 0 && err == EBADF && w->concurrent)
		return;
	if (ret > 0 || (ret < 0 && !ifz_errno_allowed(cmd, err)))
		ifz_violation(w->env, w->id, index, kind, "cmd 0x%lx returned %d (%s)", cmd, ret,
			      ret < 0 ? strerror(err) : "positive");
	if (ret == 0 && cmd != KMB_IOC_ABI_VERSION && cmd != KMB_IOC_INFO &&
	    cmd != KMB_IOC_RUN && cmd != KMB_IOC_PROBE)
		ifz_violation(w->env, w->id, index, kind, "unknown cmd 0x%lx succeeded", cmd);
}

uint64_t ifz_kernel_word(const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t off = 0; off + 8 <= len; off += 8) {
		uint64_t v;

		memcpy(&v, b + off, sizeof(v));
		/* the kernel half starts at 0xff00... with 5-level paging */
		if (v >= 0xff00000000000000ULL)
			return v;
	}
	return 0;
}

void ifz_check_idle(struct ifz_worker *w, uint64_t index, const char *when)
{
	struct kmb_info info;

	/* others may be mid-request, or hold a FRAGMENT of the shared file */
	if (w->frag_held || w->concurrent)
		return;
	memset(&info, 0, sizeof(info));
	if (ioctl(w->fd, KMB_IOC_INFO, &info)) {
		ifz_violation(w->env, w->id, index, IFZ_INFO, "INFO %s failed: %s", when,
			      strerror(errno));
		return;
	}
	if (info.live_objects || info.live_bytes)
		ifz_violation(w->env, w->id, index, IFZ_INFO,
			      "module not idle %s: live_objects=%llu live_bytes=%llu", when,
			      (unsigned long long)info.live_objects,
			      (unsigned long long)info.live_bytes);
	else
		__atomic_fetch_add(&w->env->stats->live_checks, 1, __ATOMIC_RELAXED);
}
