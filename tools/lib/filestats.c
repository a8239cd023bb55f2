// SPDX-License-Identifier: GPL-2.0
/* Arithmetic on a file's statistics (see filestats.h). */
#include "kinds.h"
#include "filestats.h"
#include "vec.h"

/* xl_stats_add() works on the members as an array, in pairs: every one must be a __u64. */
_Static_assert(sizeof(struct xip_file_stats) % (2 * sizeof(__u64)) == 0,
	       "struct xip_file_stats holds __u64 counters only, an even number of them");
/* XL_VADD_U64() unrolls 24 pairs: a longer loop would keep its branches */
_Static_assert(sizeof(struct xip_file_stats) / (2 * sizeof(__u64)) <= 24,
	       "struct xip_file_stats: XL_VADD_U64()'s unroll covers it");

void xl_stats_add(struct xip_file_stats *restrict a, const struct xip_file_stats *restrict b)
{
	XL_VADD_U64((__u64 *)a, (const __u64 *)b, sizeof(*a) / sizeof(__u64));
}

uint64_t xl_kind_faults(const __u64 count[XIP_NR_KINDS])
{
	return XL_KIND_FAULTS(count);
}

uint64_t xl_total_faults(const struct xip_file_stats *st)
{
	return xl_kind_faults(st->count) + xl_failed_faults(st);
}

double xl_fallback_ratio(const struct xip_file_stats *st)
{
	uint64_t fb = st->count[XIP_PMD_FALLBACK];
	uint64_t all = fb + st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE];

	return all ? (double)fb / all : -1;
}

