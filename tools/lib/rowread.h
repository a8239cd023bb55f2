/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading rows out of the kernel side's arrays, mapped into user space
 * (maps.c maps them; a unit test gives arrays of its own): no syscall.
 *
 * xiptop remembers, by row index, what its last read of each row found.
 * An interval's read then sums only the rows the kernel side stamped
 * since the window before that read (row_stamps): an idle row costs one
 * load, and the work grows with the rows that changed, not with the rows
 * tracked.
 */
#ifndef XL_ROWREAD_H
#define XL_ROWREAD_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "snapshot.h"
#include "xiptop.h"

struct xl_bpf;

/*
 * What the last read found in a histogram block (one for every CPU):
 * each slot's total since load, in 64 bits. The kernel's slots are 32
 * bits and wrap: they are the total's low half, which is all a read
 * needs to take the difference (blocks start at zero, and are zeroed
 * again when given back).
 */
struct xl_block_seen {
	__u64 slot[XIP_HIST_SLOTS];
	__u64 count;
	__u64 sum_ns;
};

/*
 * The members of struct xip_file_stats each CPU counts (struct
 * xip_row_cpu's, first), then those the row holds once (struct xip_row's
 * from major_pmd on): its rare members.
 */
#define XL_CPU_STATS	(offsetof(struct xip_file_stats, major_pmd) / sizeof(__u64))
#define XL_ROW_STATS	(sizeof(struct xip_file_stats) / sizeof(__u64) - XL_CPU_STATS)

/*
 * What the last read found in a row: its per-CPU counts' totals since it
 * was made, when they last moved. Its rare members' apart, in b->rseen
 * (XL_ROW_STATS each), written only once one of them is not zero: a
 * chunk of 128 rows none of which ever had a fallback, zeroing or
 * read(2) takes 22 KiB less. (Zeroing is common where files are
 * written new: there most chunks come to be made, as before.)
 */
struct xl_row_seen {
	__u64 cpu[XL_CPU_STATS];
	double active;		/* seconds since the tool started (the read's `now`) */
	__u64 fault_ns;		/* its faults' time: every read's estimate, summed (struct xl_file) */
	/*
	 * Its latency classes with a histogram block, a bit each: the
	 * kernel side gives a class its block once, and stamps the row's
	 * rare members as it does, so a read looks for new ones only then.
	 */
	__u16 classes;
};

/*
 * Make ready what the reads remember (b->max_files rows, b->nhists
 * blocks): chunk tables, the chunks made as rows are first read. 0 or
 * -ENOMEM.
 */
int xl_rows_setup(struct xl_bpf *b);
void xl_rows_teardown(struct xl_bpf *b);

/*
 * Row r's statistics summed over CPUs, as they are now: the 32-bit
 * per-CPU counts' difference from what the last read saw, added to it.
 */
void xl_row_sum(const struct xl_bpf *b, __u32 r, struct xip_file_stats *st);

/*
 * The live rows of b->order (key order) that changed since the last call,
 * as differences into delta (appended: files, then their histograms,
 * sorted; faults per (device, node) when delta->cpu_node is set), and
 * added to delta->sums (which stay valid if they were). Each changed
 * row's `now` becomes its last activity. The first call reads every row.
 * 0 or -ENOMEM.
 */
int xl_rows_changes(struct xl_bpf *b, struct xl_snapshot *delta, double now);
/* Every live row of b->order as the last xl_rows_changes() found it, into s (appended). */
int xl_rows_as_read(const struct xl_bpf *b, struct xl_snapshot *s);
/*
 * The same of the rows g[0..ng) says ended (xl_gone_matches(): every row
 * of a gone inode, a gone process's rows), in key order: what the
 * lifecycle needs when no row is to be evicted, without a copy of every
 * row: xl_rows_as_read_leaving() with nothing to evict. It searches
 * b->order as the last read sorted it: with rows removed since
 * (b->order_stale), it gives every row. 0 or -ENOMEM.
 */
int xl_rows_as_read_gone(const struct xl_bpf *b, struct xl_snapshot *s,
			 const struct xip_gone *g, size_t ng);
/*
 * What the lifecycle needs when the maps near full, without a copy of
 * every row: the rows that ended (as xl_rows_as_read_gone() gives them)
 * and, of the other live rows, the least recently active past *keep (by
 * last activity, then key: xl_mark_idle()'s order), each with every
 * other row of its inode (the lifecycle asks whether one stays), in key
 * order. *keep: on entry how many rows that did not end may stay in the
 * maps; on return how many of the rows given that did not end stay, so
 * that xl_mark_idle(s, *keep) evicts what it would of every row. With
 * rows removed since the read (b->order_stale), every row, and *keep as
 * it was. 0 or -ENOMEM.
 */
int xl_rows_as_read_leaving(const struct xl_bpf *b, struct xl_snapshot *s,
			    const struct xip_gone *g, size_t ng, size_t *keep);
/* Every live row of b->order as it is now, since it was made, into s (appended). */
int xl_rows_now(const struct xl_bpf *b, struct xl_snapshot *s);
/*
 * Whether b->order has a live row of inode (dev, ino, gen) that s does not
 * drop (drop[], by s's files: its rows of that inode that leave).
 */
bool xl_rows_inode_kept(const struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
			const struct xl_snapshot *s, const unsigned char *drop);
/* Row r is given back to the kernel side: what was seen of it (and its blocks) goes. */
void xl_rows_forget(struct xl_bpf *b, __u32 r);

#endif
