/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xipbench's statistics: what a set of repeats says about a workload.
 * Pure logic, linked into the unit tests as it is.
 */
#ifndef XB_STATS_H
#define XB_STATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The median and range of one quantity over the repeats of a run, and a
 * confidence interval of the median: [lo, hi], which holds the median of
 * the repeats' distribution with probability conf. Order statistics, no
 * assumption of a shape: the k-th smallest and k-th largest repeat, k the
 * largest with conf >= 95%, else 1 (5 repeats: min and max, 93.75%). It
 * narrows as repeats are added, where the range only widens.
 */
struct xb_range {
	double median, min, max;
	double lo, hi, conf;
};

/* Summarize n values (n >= 1; v is left untouched). */
void xb_range_of(const double *v, size_t n, struct xb_range *r);
/* k of the median's interval [k-th smallest, k-th largest] of n repeats, and its confidence */
size_t xb_median_ci_rank(size_t n, double *conf);
/* (hi - lo) / median: the median's interval relative to it; 0 with one repeat. */
double xb_ci_width(const struct xb_range *r);
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
