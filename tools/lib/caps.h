/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel, with the options the BPF programs were loaded
 * with, can tell. Filled by the loader from its events table; read by every
 * output, which shows what is not known as unavailable, never as 0.
 */
#ifndef XL_CAPS_H
#define XL_CAPS_H

#include <stdbool.h>
#include <linux/types.h>
#include "xiptop.h"

/*
 * Where a group of columns comes from: the series' event, or, without it,
 * what xiptop derives (docs/xiptop.md has the table).
 */
enum xl_source {
	XL_SRC_NONE,		/* unavailable */
	XL_SRC_SERIES,		/* the kernel series' event */
	XL_SRC_STOCK_EVENT,	/* derived from a stock event's fields */
	XL_SRC_FENTRY,		/* fentry/fexit on the kernel's functions */
	XL_SRC_KPROBE,		/* kprobe/kretprobe on them */
	XL_NR_SOURCES,
};
extern const char *const xl_source_names[XL_NR_SOURCES];

struct xl_caps {
	unsigned int kinds;	/* bit k: enum xip_kind k is counted (XIP_PAGECACHE: --page-cache) */
	/*
	 * Fallback reasons: all of them (the series' dax_pmd_fallback), or
	 * (XL_SRC_STOCK_EVENT) misaligned, private_write, vma_range and
	 * beyond_eof, the rest as "other".
	 */
	bool fallback;
	bool cow_source;	/* dax_fault_cow (series) */
	bool zero;		/* zeroing: dax_zero_blocks, or probes */
	bool io;		/* read(2)/write(2): dax_iomap_rw(_done), or probes */
	bool unwritten;		/* which zeroed blocks were unwritten: ext4's conversions */
	enum xl_source fallback_src, zero_src, io_src;
	bool major_pmd;		/* PMD faults account major faults (series) */
	bool timing;
	bool sampling;		/* latencies are a sample (XIP_SAMPLE_ALL); else every fault's (set at attach) */		/* latencies */
	bool per_process, per_cgroup;	/* what a row's key holds besides the file */
	/* lifecycle: where the kernel tells of it, rows go when their file or process does */
	bool file_ends;		/* a tracked inode's end (fentry, else kprobe, on __destroy_inode) */
	bool process_ends;	/* a process's end (sched_process_exit), with --per-process */
	bool renames;		/* a tracked file's rename (fexit on vfs_rename): new path */
	bool generations;	/* rows tell a reused inode number apart (not with --hook tp) */
};

/* Every kind the fs_dax events tell on any kernel: all but page-cache faults. */
#define XL_KINDS_DAX	((1U << XIP_NR_KINDS) - 1 - (1U << XIP_PAGECACHE))

/* Can the kernel, with these options, tell this kind or latency class? */
static inline bool xl_lat_available(const struct xl_caps *c, unsigned int lat)
{
	if (lat < XIP_NR_KINDS)
		return c->kinds >> lat & 1;
	return c->io;
}

#endif
