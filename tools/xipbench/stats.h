/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xipbench's statistics: what a set of repeats says about a workload.
 * Pure logic, linked into the unit tests as it is.
 */
#ifndef XB_STATS_H
#define XB_STATS_H

#include <stddef.h>
#include <stdint.h>

/* The median and range of one quantity over the repeats of a run. */
struct xb_range {
	double median, min, max;
};

/* Summarize n values (n >= 1; v is left untouched). */
void xb_range_of(const double *v, size_t n, struct xb_range *r);
/* (max - min) / median: how far the repeats disagree; 0 with one repeat. */
double xb_spread(const struct xb_range *r);

/* Sort latencies (ns) in place, then read percentiles off them. */
void xb_sort_u64(uint64_t *v, size_t n);
/*
 * Nearest-rank percentile of sorted v: the smallest value with at least a
 * fraction q (0 < q <= 1) of the samples at or below it; 0 when n is 0.
 */
uint64_t xb_percentile(const uint64_t *sorted, size_t n, double q);

#endif
