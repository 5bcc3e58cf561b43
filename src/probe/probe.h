/*
 * Max-size probes against the module (KMB_IOC_PROBE): the largest
 * allocation an API grants with a GFP set, kmalloc's size classes, what a
 * zero-byte allocation returns, and the fragmentation hold. Each function
 * answers one question and returns one JSON entry of the "probes" array
 * (see results/schema.json), so a suite case can call the same function.
 */
#ifndef KMB_PROBE_H
#define KMB_PROBE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "kclient.h"
#include "util.h"

/* What the probe functions share. */
struct kmb_probe_ctx {
	struct kmb_kclient *kc;
	/* Set by a signal handler to stop between attempts; may be NULL. */
	const volatile sig_atomic_t *stop;
	/* Entries are taken under a FRAGMENT hold (marks them and their id). */
	bool fragmented;
	/* Leave out the per-attempt trace. */
	bool no_trace;
	/* The DMA mask width of the APIs of KMB_APIF_DMA (0 for the others). */
	unsigned int dma_mask_bits;
};

/* The DMA mask widths `kmembench probe` searches the DMA APIs with. */
#define KMB_PROBE_DMA_MASKS	{ 64, 32 }

/*
 * The APIs whose row (kmembench_tables.h) has @flag: KMB_APIF_PROBE, the
 * ones `kmembench probe` covers, or KMB_APIF_PROBE_ZERO, the ones whose
 * 0-byte request it reports. In ABI order, at most @max into @out; returns
 * how many.
 */
size_t kmb_probe_apis(unsigned int flag, unsigned int *out, size_t max);
bool kmb_probe_api_supported(unsigned int api);

/*
 * kmb_probe_max() - the largest allocation @api grants with @gfp
 * @pc: the device and the stop flag
 * @api: enum kmb_api, one kmb_probe_api_supported() accepts
 * @gfp: KMB_GFP_* bits as the user gave them; the module adds NOWARN, and
 *	NORETRY where a failure could otherwise reclaim hard (the entry's
 *	"gfp_used" says what was passed)
 * @out: the entry: largest_ok, smallest_failed, bound, limits, attempts,
 *	time, and the trace of attempts; "skipped" with the reason when the
 *	module rejects @api with @gfp (vmalloc with ATOMIC, say);
 *	"interrupted" when @pc->stop was set
 * @err: set on failure
 *
 * Return: 0, or an exit code (KMB_EXIT_ENV) when the device fails.
 */
int kmb_probe_max(const struct kmb_probe_ctx *pc, unsigned int api, uint64_t gfp,
		  json_t **out, struct kmb_err *err);

/*
 * kmb_probe_size_classes() - kmalloc's rounding steps from 1 byte to @upto
 * @gfp: KMB_GFP_* bits for the kmallocs (KERNEL: the ordinary caches)
 *
 * Walks the steps rather than assuming them: ksize() of size s gives the
 * end of s's class, the next class starts one byte later, and the end is
 * confirmed with a second ksize() (bisected when it disagrees).
 */
int kmb_probe_size_classes(const struct kmb_probe_ctx *pc, uint64_t gfp, uint64_t upto,
			   json_t **out, struct kmb_err *err);

/*
 * kmb_probe_zero() - what @api returns for 0 bytes: "ZERO_SIZE_PTR",
 * "NULL" or "pointer". vmalloc(0) WARNs by design, so it is only called
 * with @allow_warn; otherwise the entry says it was not called and why.
 */
int kmb_probe_zero(const struct kmb_probe_ctx *pc, unsigned int api, bool allow_warn,
		   json_t **out, struct kmb_err *err);

/*
 * kmb_probe_capacity() - how much memory @api holds in objects of @bytes
 * @api: enum kmb_api whose row has KMB_APIF_CAPACITY
 * @gfp: KMB_GFP_* bits as the user gave them (the module adds NOWARN, and
 *	NORETRY to sleeping sets)
 * @bytes: the object size; page APIs take the smallest order that holds it
 *	(the entry's "order" and "rounding_waste" say which and what it costs)
 * @time_limit_ms: how long the module may keep allocating
 *
 * The module allocates and holds objects until the allocator says no, the
 * memory guard or the time limit stops it, or a signal comes, then frees
 * them. The entry (kind "capacity") has the objects, the bytes they held
 * by zone, and what stopped the fill; "skipped" with the reason when the
 * module will not fill with @api and @gfp.
 */
int kmb_probe_capacity(const struct kmb_probe_ctx *pc, unsigned int api, uint64_t gfp,
		       uint64_t bytes, unsigned int time_limit_ms, json_t **out,
		       struct kmb_err *err);

/*
 * kmb_probe_fragment() - make the module break up free memory: it splits
 * the largest free blocks and holds every other small chunk of them (the
 * kernel's costly order), up to @permille of available memory; @out
 * describes the hold. kmb_probe_restore() frees it and completes @frag.
 */
int kmb_probe_fragment(const struct kmb_probe_ctx *pc, unsigned int permille, json_t **out,
		       struct kmb_err *err);
int kmb_probe_restore(const struct kmb_probe_ctx *pc, json_t *frag, struct kmb_err *err);

#endif
