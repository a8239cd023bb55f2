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

struct xl_caps {
	unsigned int kinds;	/* bit k: enum xip_kind k is counted */
	bool fallback;		/* dax_pmd_fallback: fallback reasons (series) */
	bool cow_source;	/* dax_fault_cow (series) */
	bool zero;		/* dax_zero_blocks (series) */
	bool io;		/* dax_iomap_rw(_done) (series) */
	bool major_pmd;		/* PMD faults account major faults (series) */
	bool pagecache;		/* page-cache faults (kprobe on filemap_fault) */
	bool timing;		/* latencies */
	bool per_process, per_cgroup;	/* what a row's key holds besides the file */
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
