/* SPDX-License-Identifier: GPL-2.0 */
/* What loader.c and maps.c share of a loaded object; nothing else sees it. */
#ifndef XL_BPF_INTERNAL_H
#define XL_BPF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xiptop.h"
#include "caps.h"
#include "chunked.h"
#include "loader.h"
#include "rowread.h"

struct xl_bpf {
	struct xiptop_bpf *skel;
	enum xl_hook hook;
	struct xl_caps caps;
	int ncpus;		/* possible CPUs: what per-CPU maps hold values for */
	int max_files;
	struct bpf_link *links[64];	/* every attached program's (kretprobe_links: 64 bits) */
	bool fentry;		/* derived probes are fentry/fexit (else kprobes) */
	int gone_fentry;	/* inode_gone's fd if the fentry tells inodes' ends, else -1 */
	uint64_t gone_missed;	/* its runs the kernel skipped (recursion_misses) */
	bool ext4_zeroing;	/* ext4's stock map_blocks_exit events are loaded */
	bool every_fault;	/* no latency sampling (xl_bpf_opts) */
	int nlinks;
	uint64_t kretprobe_links;	/* bit i: links[i] is a kretprobe's (missed.c asks those only) */
	struct ring_buffer *gone;	/* the gone ring's reader (gone.c) */
	struct xl_gone_list *gone_out;	/* where its callback puts records */
	/* the kernel side's arrays, mapped (maps.c) */
	struct xip_row *rows;		/* max_files */
	struct xip_row_cpu *rows_cpu;	/* max_files * ncpus */
	struct xip_hist *hists;		/* nhists, shared by the CPUs */
	__u64 *stamps;			/* max_files: row_stamps, each row's last window */
	unsigned int nhists;		/* histogram blocks */
	volatile __u32 *window;		/* the kernel side's: a new one each interval */
	/*
	 * What the last read found, by row and by histogram block
	 * (rowread.c), in chunks made as rows and blocks are first read.
	 */
	struct xl_chunked seen;		/* max_files struct xl_row_seen */
	struct xl_chunked rseen;	/* max_files times XL_ROW_STATS: rare members, as read */
	struct xl_chunked hseen;	/* nhists struct xl_block_seen */
	struct xl_chunked cpu_seen;	/* max_files times ncpus faults, modulo 2^32 (doctor's nodes) */
	__u32 read_window;		/* the window when it began; 0: no read yet */
	/* the live rows' indices in key order, as of rows_made == order_made */
	__u32 *order;
	size_t norder;
	__u32 order_made;
	bool order_stale;		/* rows were removed since */
	/* removed rows, given back to the kernel side once no program can hold them */
	struct xl_pending_row {
		__u32 row;
		uint64_t removed;	/* CLOCK_MONOTONIC ns */
	} *pending;
	size_t npending, cappending;
	uint64_t fixed_memory;		/* the preallocated maps' memlock (maps.c: read once) */
	/* a buffer for per-CPU reads, grown as needed */
	void *values;
	size_t values_size;
};

/* Map the row arrays and fill the free-row and free-block stacks (maps.c); 0 or -errno. */
int xl_maps_setup(struct xl_bpf *b);
void xl_maps_teardown(struct xl_bpf *b);

/* Free the gone ring's reader (gone.c). */
void xl_gone_free(struct xl_bpf *b);

#endif
