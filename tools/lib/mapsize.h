/* SPDX-License-Identifier: GPL-2.0 */
/* How many rows the kernel's maps are made for. */
#ifndef XL_MAPSIZE_H
#define XL_MAPSIZE_H

/*
 * Rows (files) when the user does not say: 10240, or fewer where the
 * preallocated per-CPU files and hists maps would take more than
 * XL_MAP_BUDGET bytes on ncpus CPUs.
 */
#define XL_MAP_BUDGET (128UL << 20)
int xl_default_max_files(int ncpus);

#endif
