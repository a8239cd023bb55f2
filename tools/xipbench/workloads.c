// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads. Each maps or opens its file afresh, so that every fault it
 * means to take happens inside its timed loop, and times each operation
 * (one page, one 2 MiB extent, one read(2), one store + sync) with
 * CLOCK_MONOTONIC. Mappings meant for 4 KiB faults start 4 KiB past a 2 MiB
 * boundary, so that none of their faults can be a 2 MiB one (the kernel
 * tries one per 2 MiB and falls back: "misaligned"); the pmd-* mappings
 * are 2 MiB-aligned, and so are their files' extents when the file system
 * allocates that way (the VM's mkfs uses stride=512).
 *
 * Page-cache state: "cold" drops the file's clean pages first
 * (POSIX_FADV_DONTNEED), "warm" reads the file first; everything else runs
 * warm. On DAX there is no cache: cold and warm should not differ.
 */
#include <string.h>
#include "run.h"
#include "workloads.h"

uint64_t xb_workload_ops(const struct xb_workload *w, unsigned long size)
{
	uint64_t n = size / w->op_bytes;

	return w->max_ops && w->max_ops < n ? w->max_ops : n;
}

const struct xb_workload xb_workloads[] = {
	{ .name = "mmap-read-seq-cold", .op_bytes = XB_PAGE, .run = xb_data_map, .cold = 1,
	  .what = "read a mapping page by page, in order, caches dropped" },
	{ .name = "mmap-read-seq-warm", .op_bytes = XB_PAGE, .run = xb_data_map,
	  .what = "read a mapping page by page, in order, file cached" },
	{ .name = "mmap-read-rand-cold", .op_bytes = XB_PAGE, .run = xb_data_map, .cold = 1,
	  .random = 1, .what = "read a mapping's pages in random order, caches dropped" },
	{ .name = "mmap-read-rand-warm", .op_bytes = XB_PAGE, .run = xb_data_map, .random = 1,
	  .what = "read a mapping's pages in random order, file cached" },
	{ .name = "mmap-write-hole", .op_bytes = XB_PAGE, .run = xb_write_hole,
	  .what = "store to every page of a sparse file: allocating write faults" },
	{ .name = "mmap-overwrite", .op_bytes = XB_PAGE, .run = xb_data_map, .store = 1,
	  .what = "store to every page of a written file through a shared mapping" },
	{ .name = "mmap-cow", .op_bytes = XB_PAGE, .run = xb_data_map, .store = 1, .private_map = 1,
	  .what = "store to every page of a written file through a private mapping (COW)" },
	{ .name = "fallocate-store", .op_bytes = XB_PAGE, .run = xb_fallocate_store,
	  .what = "fallocate a file, then store to every page: unwritten conversion" },
	{ .name = "pmd-read", .op_bytes = XB_PMD, .run = xb_pmd_read,
	  .what = "read a newly written file through a 2 MiB-aligned mapping, 2 MiB at a time" },
	{ .name = "pmd-overwrite", .op_bytes = XB_PMD, .run = xb_pmd_write,
	  .what = "store to a newly written file through a 2 MiB-aligned mapping, 2 MiB at a time" },
	{ .name = "read-4k", .op_bytes = 4096, .run = xb_io_read,
	  .what = "pread(2) 4 KiB at a time, in order, file cached" },
	{ .name = "read-64k", .op_bytes = 65536, .run = xb_io_read,
	  .what = "pread(2) 64 KiB at a time, in order, file cached" },
	{ .name = "read-2m", .op_bytes = XB_PMD, .run = xb_io_read,
	  .what = "pread(2) 2 MiB at a time, in order, file cached" },
	{ .name = "write-4k", .op_bytes = 4096, .run = xb_io_write,
	  .what = "pwrite(2) over written data 4 KiB at a time, in order" },
	{ .name = "write-64k", .op_bytes = 65536, .run = xb_io_write,
	  .what = "pwrite(2) over written data 64 KiB at a time, in order" },
	{ .name = "write-2m", .op_bytes = XB_PMD, .run = xb_io_write,
	  .what = "pwrite(2) over written data 2 MiB at a time, in order" },
	{ .name = "msync-4k", .op_bytes = XB_PAGE, .max_ops = 1024, .run = xb_msync_store,
	  .what = "store to a page of a shared mapping, then msync(MS_SYNC) it" },
	{ .name = "fsync-4k", .op_bytes = XB_PAGE, .max_ops = 256, .run = xb_fsync_write,
	  .what = "pwrite(2) 4 KiB, then fsync(2)" },
	{ .name = "mt-overwrite", .op_bytes = XB_PAGE, .run = xb_mt_overwrite,
	  .what = "threads store to their own parts of one shared mapping" },
};

const size_t xb_nr_workloads = sizeof(xb_workloads) / sizeof(xb_workloads[0]);

const struct xb_workload *xb_workload_find(const char *name)
{
	size_t i;

	for (i = 0; i < xb_nr_workloads; i++)
		if (!strcmp(xb_workloads[i].name, name))
			return &xb_workloads[i];
	return NULL;
}
