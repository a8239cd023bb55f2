/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xiptop's BPF programs and its user space share: the per-file
 * statistics the kernel side aggregates.
 */
#ifndef XIPTOP_H
#define XIPTOP_H

/* Kinds of DAX events counted per file. */
enum xip_kind {
	XIP_PTE_READ,		/* 4 KiB read fault (dax_pte_fault_done) */
	XIP_PTE_WRITE,		/* 4 KiB write fault */
	XIP_PMD_READ,		/* 2 MiB read fault that did not fall back */
	XIP_PMD_WRITE,		/* 2 MiB write fault that did not fall back */
	XIP_PMD_FALLBACK,	/* 2 MiB fault that fell back to 4 KiB */
	XIP_HOLE,		/* zero-page load (4 KiB or 2 MiB) */
	XIP_COW,		/* copy-on-write fault of a private mapping */
	XIP_MAJOR,		/* fault that allocated or converted blocks */
	XIP_NR_KINDS,
};

struct xip_file_key {
	__u64 ino;
	__u32 dev;		/* the kernel's dev_t: major << 20 | minor */
	__u32 pad;
};

/* dax_pmd_fallback reasons, as the kernel series numbers them */
#define XIP_NR_FALLBACK_REASONS 10

/* Read/write I/O (dax_iomap_rw_done), indexed by direction */
enum xip_dir { XIP_READ, XIP_WRITE, XIP_NR_DIRS };

struct xip_file_stats {
	__u64 count[XIP_NR_KINDS];
	/* from the kernel series' events; absent on a stock kernel */
	__u64 fallback[XIP_NR_FALLBACK_REASONS];
	__u64 zero_count;
	__u64 zero_bytes;
	__u64 io_count[XIP_NR_DIRS];
	__u64 io_bytes[XIP_NR_DIRS];
};

#endif
