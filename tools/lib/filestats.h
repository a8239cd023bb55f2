/* SPDX-License-Identifier: GPL-2.0 */
/* Arithmetic on a file's statistics (struct xip_file_stats). */
#ifndef XL_FILESTATS_H
#define XL_FILESTATS_H

#include <stdint.h>
#include <linux/types.h>
#include "xiptop.h"
#include "hist.h"
#include "kinds.h"

/* a += b: member by member */
void xl_stats_add(struct xip_file_stats *restrict a, const struct xip_file_stats *restrict b);
/*
 * Faults of every kind that partitions them (xl_fault_kinds), from counts
 * by kind, in the counts' own type: 64-bit totals, or a CPU's part of a
 * row (struct xip_row_cpu: 32 bits, summed modulo 2^32). The mask is a
 * constant: the loop becomes the kinds' adds.
 */
#define XL_KIND_FAULTS(count) ({					\
	__typeof__((count)[0] + 0) n_ = 0;				\
	_Pragma("GCC unroll 16")					\
	for (unsigned int i_ = 0; i_ < XIP_NR_KINDS; i_++)		\
		if (xl_is_fault_kind(i_))				\
			n_ += (count)[i_];				\
	n_;								\
})
/* The same of 64-bit counts */
uint64_t xl_kind_faults(const __u64 count[XIP_NR_KINDS]);
/* Faults that failed, reads and writes (in no kind) */
static inline uint64_t xl_failed_faults(const struct xip_file_stats *st)
{
	return st->failed[XIP_READ] + st->failed[XIP_WRITE];
}
/* The same of a file's statistics, and the faults that failed. */
uint64_t xl_total_faults(const struct xip_file_stats *st);
/* The events of latency class lat (enum xip_kind or XIP_LAT_IO()): what its histogram samples. */
static inline uint64_t xl_lat_events(const struct xip_file_stats *st, unsigned int lat)
{
	if (lat < XIP_NR_KINDS)
		return st->count[lat];
	if (lat < XIP_NR_LAT)
		return st->io_count[lat - XIP_NR_KINDS];
	return 0;
}
/*
 * The time a file's faults of class lat took, h its histogram of them (a
 * sample, scaled to the class's count); 0 for a class that is not a fault
 * kind (xl_fault_kinds), whose time would count a fault twice.
 */
static inline uint64_t xl_class_fault_ns(const struct xl_hist *h, const struct xip_file_stats *st,
					 unsigned int lat)
{
	return xl_is_fault_kind(lat) ? xl_hist_total_ns(h, xl_lat_events(st, lat)) : 0;
}
/* PMD fallbacks over PMD attempts, 0..1; -1 with no attempt. */
double xl_fallback_ratio(const struct xip_file_stats *st);

#endif
