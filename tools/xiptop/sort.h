/* SPDX-License-Identifier: GPL-2.0 */
/* The keys the rows can be sorted by (-s, the s key), and their names. */
#ifndef XT_SORT_H
#define XT_SORT_H

#include <stdbool.h>

/* The counts of a file's statistics first, then what needs its row built. */
enum xt_sort {
	XT_SORT_FAULTS, XT_SORT_MAJOR, XT_SORT_PTE, XT_SORT_PMD, XT_SORT_FALLBACK,
	XT_SORT_HOLE, XT_SORT_COW, XT_SORT_ZERO, XT_SORT_IO, XT_SORT_P50, XT_SORT_P99,
	XT_SORT_PATH, XT_NR_SORTS,
};
extern const char *const xt_sort_names[XT_NR_SORTS];

/* A count of a file's statistics: an order found without rows built (xt_files_best()) */
static inline bool xt_sort_by_count(enum xt_sort by)
{
	return by < XT_SORT_P50;
}
int xt_sort_parse(const char *name);	/* -1 if unknown */

#endif
