// SPDX-License-Identifier: GPL-2.0
/* The names of kinds, classes, reasons, sources and counters (see kinds.h). */
#include "caps.h"
#include "kinds.h"

const char *const xl_lat_names[XIP_NR_LAT] = {
	[XIP_PTE_READ] = "pte_read",
	[XIP_PTE_WRITE] = "pte_write",
	[XIP_PMD_READ] = "pmd_read",
	[XIP_PMD_WRITE] = "pmd_write",
	[XIP_PMD_FALLBACK] = "pmd_fallback",
	[XIP_HOLE] = "hole",
	[XIP_COW] = "cow",
	[XIP_MAJOR] = "major",
	[XIP_PAGECACHE] = "pagecache",
	[XIP_LAT_IO(XIP_READ)] = "read",
	[XIP_LAT_IO(XIP_WRITE)] = "write",
};

const char *const xl_lat_titles[XIP_NR_LAT] = {
	[XIP_PTE_READ] = "4 KiB read faults",
	[XIP_PTE_WRITE] = "4 KiB write faults",
	[XIP_PMD_READ] = "2 MiB read faults",
	[XIP_PMD_WRITE] = "2 MiB write faults",
	[XIP_PMD_FALLBACK] = "2 MiB fault attempts that fell back",
	[XIP_HOLE] = "faults that loaded a hole",
	[XIP_COW] = "copy-on-write faults",
	[XIP_MAJOR] = "major (allocating) faults",
	[XIP_PAGECACHE] = "page-cache faults",
	[XIP_LAT_IO(XIP_READ)] = "read(2) on DAX files",
	[XIP_LAT_IO(XIP_WRITE)] = "write(2) on DAX files",
};

/*
 * As the kernel series numbers them (enum dax_pmd_fallback_reason), then
 * "other": on kernels without the series, the reasons that need it.
 */
const char *const xl_fallback_names[XIP_NR_FALLBACK_REASONS] = {
	"none", "misaligned", "private_write", "vma_range", "beyond_eof",
	"pte_entry", "iomap_error", "extent", "extent_new", "hole", "media_error",
	"pfn_misaligned", "no_devmap", "other",
};

/* The iomap types, IOMAP_HOLE (0) to IOMAP_INLINE (4). */
const char *const xl_cow_source_names[XIP_NR_COW_SOURCES] = {
	"hole", "delalloc", "mapped", "unwritten", "inline",
};

const char *const xl_counter_names[XIP_NR_COUNTERS] = {
	[XIP_CTR_FILES_FULL] = "files_full",
	[XIP_CTR_HISTS_FULL] = "hists_full",
	[XIP_CTR_PATHS_FULL] = "paths_full",
	[XIP_CTR_UNPAIRED] = "unpaired",
	[XIP_CTR_NO_TASK] = "no_task_storage",
	[XIP_CTR_GONE_LOST] = "gone_lost",
	[XIP_CTR_INODES_FULL] = "inodes_full",
	[XIP_CTR_GONE_MISSED] = "gone_missed",
	[XIP_CTR_MISSED] = "missed",
};

const char *const xl_source_names[XL_NR_SOURCES] = {
	[XL_SRC_NONE] = "none", [XL_SRC_SERIES] = "series", [XL_SRC_STOCK_EVENT] = "stock_event",
	[XL_SRC_FENTRY] = "fentry", [XL_SRC_KPROBE] = "kprobe",
};

const char *const xl_dir_names[XIP_NR_DIRS] = { "read", "write" };

const unsigned int xl_fault_kinds[] = {
	XIP_PTE_READ, XIP_PTE_WRITE, XIP_PMD_READ, XIP_PMD_WRITE, XIP_PMD_FALLBACK,
	XIP_COW, XIP_PAGECACHE,
};
const size_t xl_nr_fault_kinds = sizeof(xl_fault_kinds) / sizeof(xl_fault_kinds[0]);
