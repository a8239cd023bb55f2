/* SPDX-License-Identifier: GPL-2.0 */
/* Log2 latency histograms in user space: sums over CPUs and time, percentiles. */
#ifndef XL_HIST_H
#define XL_HIST_H

#include <stdint.h>
#include <linux/types.h>
#include "xiptop.h"

/* 64-bit slots: sums over CPUs and intervals. */
struct xl_hist {
	uint64_t count;
	uint64_t sum_ns;
	uint64_t slot[XIP_HIST_SLOTS];
};

/* What the outputs print of a histogram, worked out once. */
struct xl_pct {
	uint64_t p50, p99, p999;	/* ns; 0 when empty */
};

/* a += b */
void xl_hist_add(struct xl_hist *restrict a, const struct xl_hist *restrict b);
/*
 * The value below which a fraction q (0..1) of the samples lie, in ns:
 * the slot that holds it, interpolated linearly inside the slot's range
 * [2^i, 2^(i+1)); 0 when the histogram is empty.
 */
uint64_t xl_hist_percentile(const struct xl_hist *h, double q);
void xl_hist_pct(const struct xl_hist *h, struct xl_pct *p);
/*
 * The time that `events` events took, from a histogram of a sample of
 * them (latencies are sampled: XIP_SAMPLE_ALL): its sum, scaled by how
 * many events each sample stands for. 0 when it has none.
 */
static inline uint64_t xl_hist_total_ns(const struct xl_hist *h, uint64_t events)
{
	if (!h || !h->count)
		return 0;
	if (events <= h->count)
		return h->sum_ns;
	return (uint64_t)((double)h->sum_ns * events / h->count + 0.5);
}
uint64_t xl_slot_low(unsigned int slot);	/* lowest value of a slot */
uint64_t xl_slot_high(unsigned int slot);	/* highest value of a slot */

/*
 * A histogram's buckets in a unit of div ns (1, 1000 or 1000000), as
 * bcc's tools print them: [low, high) in whole units, the log2 ns slots
 * whose low ends round down to the same unit merged (in microseconds,
 * every slot under 1.024 us is one "0 -> 1" bucket). Only the buckets from
 * the first to the last sample; returns how many (at most XIP_HIST_SLOTS).
 */
struct xl_bucket {
	uint64_t low, high, count;
};
int xl_hist_buckets(const struct xl_hist *h, uint64_t div, struct xl_bucket *b);

#endif
