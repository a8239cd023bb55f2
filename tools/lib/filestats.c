// SPDX-License-Identifier: GPL-2.0
/* Arithmetic on a file's statistics (see filestats.h). */
#include <string.h>
#include "kinds.h"
#include "filestats.h"

/* xl_stats_add() and xl_stats_sub() work on the members as an array: every one must be a __u64. */
_Static_assert(sizeof(struct xip_file_stats) % sizeof(__u64) == 0,
	       "struct xip_file_stats holds __u64 counters only");

void xl_stats_add(struct xip_file_stats *a, const struct xip_file_stats *b)
{
	__u64 *x = (__u64 *)a;
	const __u64 *y = (const __u64 *)b;

	for (size_t i = 0; i < sizeof(*a) / sizeof(__u64); i++)
		x[i] += y[i];
}

void xl_stats_sub(struct xip_file_stats *a, const struct xip_file_stats *b)
{
	__u64 *x = (__u64 *)a;
	const __u64 *y = (const __u64 *)b;

	for (size_t i = 0; i < sizeof(*a) / sizeof(__u64); i++)
		x[i] -= y[i];
}

int xl_stats_zero(const struct xip_file_stats *st)
{
	static const struct xip_file_stats none;

	return !memcmp(st, &none, sizeof(*st));
}

uint64_t xl_kind_faults(const __u64 count[XIP_NR_KINDS])
{
	uint64_t n = 0;

	for (size_t i = 0; i < xl_nr_fault_kinds; i++)
		n += count[xl_fault_kinds[i]];
	return n;
}

uint64_t xl_total_faults(const struct xip_file_stats *st)
{
	return xl_kind_faults(st->count);
}

double xl_fallback_ratio(const struct xip_file_stats *st)
{
	uint64_t fb = st->count[XIP_PMD_FALLBACK];
	uint64_t all = fb + st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE];

	return all ? (double)fb / all : -1;
}

uint64_t xl_lat_events(const struct xip_file_stats *st, unsigned int lat)
{
	if (lat < XIP_NR_KINDS)
		return st->count[lat];
	if (lat < XIP_NR_LAT)
		return st->io_count[lat - XIP_NR_KINDS];
	return 0;
}
