// SPDX-License-Identifier: GPL-2.0
/* The sort keys' names (see sort.h). */
#include <string.h>
#include "sort.h"

const char *const xt_sort_names[XT_NR_SORTS] = {
	[XT_SORT_FAULTS] = "faults", [XT_SORT_MAJOR] = "major", [XT_SORT_PTE] = "pte",
	[XT_SORT_PMD] = "pmd", [XT_SORT_FALLBACK] = "fallback", [XT_SORT_HOLE] = "hole",
	[XT_SORT_COW] = "cow", [XT_SORT_ZERO] = "zero", [XT_SORT_IO] = "io",
	[XT_SORT_P50] = "p50", [XT_SORT_P99] = "p99", [XT_SORT_PATH] = "path",
};

int xt_sort_parse(const char *name)
{
	for (int i = 0; i < XT_NR_SORTS; i++)
		if (!strcmp(name, xt_sort_names[i]))
			return i;
	return -1;
}
