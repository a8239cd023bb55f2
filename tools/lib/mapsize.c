// SPDX-License-Identifier: GPL-2.0
/* How many rows the maps are made for (see mapsize.h). */
#include <linux/types.h>
#include "mapsize.h"
#include "xiptop.h"

int xl_default_max_files(int ncpus)
{
	/* a row's share of both maps on every CPU (hists: 4 per row) */
	unsigned long per_row = (sizeof(struct xip_file_stats) + 4 * sizeof(struct xip_hist)) *
				(ncpus > 0 ? ncpus : 1);
	unsigned long n = XL_MAP_BUDGET / per_row;

	return n > 10240 ? 10240 : n < 64 ? 64 : n;
}
