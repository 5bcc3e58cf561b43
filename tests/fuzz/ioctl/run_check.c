/*
 * What a KMB_IOC_RUN that returned 0 must have written back: its inputs
 * echoed, outputs in range and free of kernel addresses, per phase totals
 * that agree with each other, samples between min and max and no more than
 * it says, histograms that count every operation, and the canary intact
 * wherever it wrote nothing.
 */
#include <string.h>

#include "run.h"

#define CANARY64 0xa5a5a5a5a5a5a5a5ULL

static int all_canary(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != 0xa5)
			return 0;
	return 1;
}

/* One thread's phase: its totals, samples and histogram agree. */
static void check_phase(struct ifz_worker *w, uint64_t index, enum ifz_kind kind,
			const struct kmb_run *out, uint32_t slot)
{
	const struct kmb_phase_result *res =
		(const struct kmb_phase_result *)(uintptr_t)out->result_ptr;
	struct kmb_phase_result rr;
	uint64_t k;

	memcpy(&rr, &res[slot], sizeof(rr));
	if (rr.samples > rr.ops || rr.samples > out->samples_cap || rr.moved > rr.ops ||
	    (rr.ops && rr.min_cycles > rr.max_cycles) || rr.total_cycles < rr.max_cycles ||
	    (!rr.ops && (rr.min_cycles || rr.max_cycles || rr.samples)) ||
	    (rr.bytes_usable && rr.bytes_usable < rr.bytes_requested))
		ifz_violation(w->env, w->id, index, kind,
			      "slot %u inconsistent: ops=%llu samples=%llu cap=%u min=%llu max=%llu "
			      "total=%llu moved=%llu requested=%llu usable=%llu", slot,
			      (unsigned long long)rr.ops, (unsigned long long)rr.samples,
			      out->samples_cap, (unsigned long long)rr.min_cycles,
			      (unsigned long long)rr.max_cycles, (unsigned long long)rr.total_cycles,
			      (unsigned long long)rr.moved, (unsigned long long)rr.bytes_requested,
			      (unsigned long long)rr.bytes_usable);
	k = ifz_kernel_word(&rr, sizeof(rr));
	if (k)
		ifz_violation(w->env, w->id, index, kind, "result holds 0x%llx",
			      (unsigned long long)k);
	if (out->samples_ptr && out->samples_cap) {
		const uint64_t *s = (const uint64_t *)(uintptr_t)out->samples_ptr +
				    (uint64_t)slot * out->samples_cap;

		for (uint64_t i = 0; i < out->samples_cap; i++) {
			uint64_t v;

			memcpy(&v, &s[i], sizeof(v));
			if (i < rr.samples ? v < rr.min_cycles || v > rr.max_cycles : v != CANARY64) {
				ifz_violation(w->env, w->id, index, kind,
					      "slot %u sample %llu is %llu (of %llu, range %llu..%llu)",
					      slot, (unsigned long long)i, (unsigned long long)v,
					      (unsigned long long)rr.samples,
					      (unsigned long long)rr.min_cycles,
					      (unsigned long long)rr.max_cycles);
				break;
			}
		}
	}
	if (out->hist_ptr) {
		const unsigned char *h = (const unsigned char *)(uintptr_t)out->hist_ptr +
					 (size_t)slot * KMB_HIST_BUCKETS * sizeof(uint32_t);
		uint64_t sum = 0;

		/* phases without a histogram leave the buffer as it was */
		if (all_canary(h, KMB_HIST_BUCKETS * sizeof(uint32_t)))
			return;
		for (uint32_t b = 0; b < KMB_HIST_BUCKETS; b++) {
			uint32_t c;

			memcpy(&c, h + b * sizeof(c), sizeof(c));
			sum += c;
		}
		if (sum != rr.ops)
			ifz_violation(w->env, w->id, index, kind,
				      "slot %u histogram counts %llu operations, ops=%llu", slot,
				      (unsigned long long)sum, (unsigned long long)rr.ops);
	}
}

void ifz_check_run(struct ifz_worker *w, uint64_t index, enum ifz_kind kind,
		   const struct kmb_run *in, const struct kmb_run *out, int buffers_good,
		   uint32_t res_threads)
{
	const uint64_t outputs[] = { out->timer_overhead_cycles, out->calib_cycles, out->calib_ns,
				     out->timer_read_cycles, out->sample_bytes, out->stop_ns };
	uint32_t threads = in->kcase.threads;

	if (memcmp(&in->kcase, &out->kcase, sizeof(in->kcase)) || in->run_size != out->run_size ||
	    in->flags != out->flags || in->result_ptr != out->result_ptr ||
	    in->samples_ptr != out->samples_ptr || in->hist_ptr != out->hist_ptr ||
	    in->cpus_ptr != out->cpus_ptr || in->max_threads != out->max_threads ||
	    in->reserved != out->reserved || in->verify_pad != out->verify_pad)
		ifz_violation(w->env, w->id, index, kind, "RUN changed an input field");
	/* No property may break on any valid case (the module is not spoiled). */
	if (out->verify_failed || out->verify_objects > KMB_VERIFY_OBJECTS ||
	    out->verify_scattered > out->verify_objects ||
	    out->verify_zones >> KMB_ZONE_NR || out->verify_checked >> KMB_VERIFY_NR ||
	    (!(in->flags & KMB_RUN_VERIFY) &&
	     (out->verify_checked || out->verify_objects || out->verify_zones)) ||
	    (out->verify_checked && !out->verify_objects))
		ifz_violation(w->env, w->id, index, kind,
			      "RUN verify outputs: flags 0x%x checked 0x%x failed 0x%x objects %u "
			      "scattered %u zones 0x%x (api %u size %llu order %u gfp 0x%llx)",
			      in->flags, out->verify_checked, out->verify_failed,
			      out->verify_objects, out->verify_scattered, out->verify_zones,
			      in->kcase.api, (unsigned long long)in->kcase.size, in->kcase.order,
			      (unsigned long long)in->kcase.gfp);
	if (out->stopped > KMB_STOP_SIGNAL || (!out->stopped && out->stop_ns) ||
	    out->samples_cap > in->samples_cap || (!in->samples_ptr && out->samples_cap) ||
	    out->sample_bytes > w->env->info.samples_max_bytes)
		ifz_violation(w->env, w->id, index, kind,
			      "RUN outputs: stopped=%u stop_ns=%llu samples_cap=%u (asked %u) "
			      "sample_bytes=%llu", out->stopped, (unsigned long long)out->stop_ns,
			      out->samples_cap, in->samples_cap,
			      (unsigned long long)out->sample_bytes);
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++)
		if (ifz_kernel_word(&outputs[i], sizeof(outputs[i])))
			ifz_violation(w->env, w->id, index, kind, "RUN output %zu is 0x%llx", i,
				      (unsigned long long)outputs[i]);
	if (!buffers_good)
		return;
	for (uint32_t slot = 0; slot < threads * KMB_PHASE_NR; slot++)
		check_phase(w, index, kind, out, slot);
	if (res_threads > threads &&
	    !all_canary((const unsigned char *)(uintptr_t)out->result_ptr +
			(size_t)threads * KMB_PHASE_NR * sizeof(struct kmb_phase_result),
			(size_t)(res_threads - threads) * KMB_PHASE_NR *
			sizeof(struct kmb_phase_result)))
		ifz_violation(w->env, w->id, index, kind,
			      "RUN wrote results past its %u threads", threads);
}
