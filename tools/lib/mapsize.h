/* SPDX-License-Identifier: GPL-2.0 */
/* How many rows the kernel's maps are made for. */
#ifndef XL_MAPSIZE_H
#define XL_MAPSIZE_H

/*
 * Rows (files) when the user does not say: 16384 (10,000 busy files and
 * the headroom for new ones: lifecycle.h), or fewer where the
 * preallocated row and histogram arrays would take more than
 * XL_MAP_BUDGET bytes on ncpus CPUs.
 */
#define XL_MAP_BUDGET (128UL << 20)
int xl_default_max_files(int ncpus);

#endif
