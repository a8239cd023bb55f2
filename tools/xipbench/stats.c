// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The interval [x(k), x(n-k+1)] of n sorted repeats misses the median
 * when fewer than k repeats fall below it or fewer than k above it: each
 * with probability P(B < k), B binomial (n, 1/2). k is the largest with
 * 2 P(B < k) <= 5%, or 1 when none is (n < 6); conf is 1 - 2 P(B < k).
 */
size_t xb_median_ci_rank(size_t n, double *conf)
{
	double pk = ldexp(1, -(int)n), below = 0;	/* P(B = 0); n <= XB_MAX_REPEATS */
	size_t k = 1;

	if (n < 2) {
		*conf = 0;
		return 1;
	}
	/* below: P(B < k); pk: P(B = k - 1), then P(B = k) */
	for (;;) {
		below += pk;
		pk = pk * (double)(n - (k - 1)) / (double)k;
		if (k + 1 > (n + 1) / 2 || 2 * (below + pk) > 0.05)
			break;
		k++;
	}
	*conf = 1 - 2 * below;
	return k;
}

void xb_range_of(const double *v, size_t n, struct xb_range *r)
{
	double s[n];
	size_t k;

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	r->min = s[0];
	r->max = s[n - 1];
	r->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	k = xb_median_ci_rank(n, &r->conf);
	r->lo = s[k - 1];
	r->hi = s[n - k];
}

double xb_ci_width(const struct xb_range *r)
{
	return r->median > 0 ? (r->hi - r->lo) / r->median : 0;
}

double xb_spread(const struct xb_range *r)
{
	return r->median > 0 ? (r->max - r->min) / r->median : 0;
}

void xb_sort_u64(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
}

uint64_t xb_percentile(const uint64_t *sorted, size_t n, double q)
{
	size_t rank;

	if (!n)
		return 0;
	rank = (size_t)ceil(q * n - 1e-9);	/* 1-based; 1e-9 absorbs rounding */
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}
