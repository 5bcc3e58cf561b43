/*
 * The kfree_rcu backlog of a case with KMB_APIF_RCU (rcu_backlog.c): read
 * around each repetition's RUN ioctl by run.c, recorded in the case's
 * extra.rcu_backlog.
 */
#ifndef KMB_RCU_BACKLOG_H
#define KMB_RCU_BACKLOG_H

#include <signal.h>

#include "case.h"
#include "kspec.h"

/* Right before the RUN ioctl: the caches' in-use objects. */
void kmb_rcu_backlog_before(struct kmb_kspec *spec);
/* Right after it returns: what is still queued. */
void kmb_rcu_backlog_mark(struct kmb_kspec *spec);
/*
 * Waits until the queued objects are freed (at most 5 s, or until *@stop)
 * and records the repetition in @c->extra. Returns -1 when out of memory.
 */
int kmb_rcu_backlog_drain(struct kmb_bench_case *c, struct kmb_kspec *spec,
			  volatile sig_atomic_t *stop);
/*
 * After a RUN ioctl that failed: waits as kmb_rcu_backlog_drain() does and
 * records nothing, so that whatever the run queued stays out of the next
 * case.
 */
void kmb_rcu_backlog_settle(const struct kmb_kspec *spec, volatile sig_atomic_t *stop);
void kmb_rcu_backlog_free(struct kmb_rcu_backlog *b);

#endif
