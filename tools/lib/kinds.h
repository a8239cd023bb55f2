/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of what include/xiptop.h numbers: fault kinds and latency
 * classes, fallback reasons, COW sources, lost-event counters. They are
 * JSON keys and label values: part of the outputs' interface.
 */
#ifndef XL_KINDS_H
#define XL_KINDS_H

#include <stddef.h>
#include <linux/types.h>
#include "xiptop.h"

/* JSON keys and Prometheus label values: "pte_read" ... "write". */
extern const char *const xl_lat_names[XIP_NR_LAT];
/* Titles for people: "4 KiB read faults" ... */
extern const char *const xl_lat_titles[XIP_NR_LAT];
extern const char *const xl_fallback_names[XIP_NR_FALLBACK_REASONS];
extern const char *const xl_cow_source_names[XIP_NR_COW_SOURCES];
extern const char *const xl_counter_names[XIP_NR_COUNTERS];	/* every one named (kinds.c) */
extern const char *const xl_dir_names[XIP_NR_DIRS];

/* Fault kinds that partition a file's faults (major and hole overlap them). */
extern const unsigned int xl_fault_kinds[];
extern const size_t xl_nr_fault_kinds;
/* The same kinds as a mask: xl_is_fault_kind() is on every row's path */
#define XL_FAULT_KINDS_MASK						\
	(1U << XIP_PTE_READ | 1U << XIP_PTE_WRITE | 1U << XIP_PMD_READ |	\
	 1U << XIP_PMD_WRITE | 1U << XIP_PMD_FALLBACK | 1U << XIP_COW |	\
	 1U << XIP_PAGECACHE)

static inline int xl_is_fault_kind(unsigned int lat)
{
	return lat < 32 && (XL_FAULT_KINDS_MASK >> lat & 1);
}

#endif
