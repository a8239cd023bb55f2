// SPDX-License-Identifier: GPL-2.0
/* How many rows the maps are made for (see mapsize.h). */
#include <linux/types.h>
#include "mapsize.h"
#include "xiptop.h"

int xl_default_max_files(int ncpus)
{
	/* a row's share of the preallocated arrays: its counts on every CPU, its histogram blocks */
	unsigned long per_row = sizeof(struct xip_row_cpu) * (ncpus > 0 ? ncpus : 1) +
				XIP_HISTS_PER_ROW * sizeof(struct xip_hist) +
				sizeof(struct xip_row) + 8;	/* + row_stamps */
	unsigned long n = XL_MAP_BUDGET / per_row;

	return n > 16384 ? 16384 : n < 64 ? 64 : n;
}
