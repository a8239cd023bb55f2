/* SPDX-License-Identifier: GPL-2.0 */
/* Timed rounds of the xip test programs: the clock, and the median round. */
#ifndef XIP_ROUNDS_H
#define XIP_ROUNDS_H

#include <stddef.h>
#include <stdlib.h>
#include <time.h>

/* CLOCK_MONOTONIC in ns (instructions under QEMU's -icount) */
static inline double xip_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int xip_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n), n >= 1 (the upper one of two when n is even); sorts v. */
static inline double xip_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), xip_cmp_double);
	return v[n / 2];
}

#endif
