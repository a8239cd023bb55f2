/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the maps of loaded programs (loader.h): an interval's changes,
 * every row at once, or one file by its key; values summed over CPUs.
 */
#ifndef XL_MAPS_H
#define XL_MAPS_H

#include <stdint.h>
#include <linux/types.h>
#include "snapshot.h"
#include "xiptop.h"

struct xl_bpf;

/*
 * An interval: the rows that changed since the last call (the first call:
 * since load), as differences, sorted, with what could not be recorded
 * since load (counters); `now` (seconds) becomes their last activity. Only
 * the rows the kernel side stamped since the last call are summed
 * (rowread.h): the work grows with what changed. 0 or -errno.
 */
int xl_maps_changes(struct xl_bpf *b, struct xl_snapshot *delta, double now);
/* Every row as the last xl_maps_changes() found it (since load), sorted; no kernel read. */
int xl_maps_as_read(struct xl_bpf *b, struct xl_snapshot *s);
/*
 * The same of the rows that g[0..ng) says ended (xl_rows_as_read_gone()),
 * after xl_maps_changes() and before any row is removed; the counters
 * are not read. 0 or -errno.
 */
int xl_maps_as_read_gone(struct xl_bpf *b, struct xl_snapshot *s, const struct xip_gone *g,
			 size_t ng);
/*
 * The same, and the rows eviction takes past *keep, which it rewrites for
 * xl_mark_idle() on the rows given (xl_rows_as_read_leaving()).
 */
int xl_maps_as_read_leaving(struct xl_bpf *b, struct xl_snapshot *s, const struct xip_gone *g,
			    size_t ng, size_t *keep);
/*
 * Every row as it is now (since load), sorted, leaving the next
 * xl_maps_changes() its differences: a scrape between intervals. 0 or -errno.
 */
int xl_maps_read(struct xl_bpf *b, struct xl_snapshot *s);
/* Rows in the maps at the last read. */
size_t xl_maps_tracked(const struct xl_bpf *b);
/*
 * Rows the kernel side made since the last read, which it has not seen:
 * as many more rows in the maps at most (one shared load, no syscall).
 */
size_t xl_maps_made_since_read(const struct xl_bpf *b);
/*
 * Whether inode (dev, ino, gen) has a row in the maps now that s does not
 * drop (drop[], by s's files), rows made since the read included; -ENOMEM
 * if the rows could not be ordered.
 */
int xl_maps_inode_kept(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
		       const struct xl_snapshot *s, const unsigned char *drop);
/*
 * A new latency sampling window: every row times its next XIP_SAMPLE_ALL
 * faults on each CPU again (the loop starts one each interval).
 */
void xl_maps_new_window(struct xl_bpf *b);
/* One row's statistics; 0, -ENOENT if the kernel has no such row, or -errno. */
int xl_maps_file(struct xl_bpf *b, const struct xip_file_key *key, struct xip_file_stats *out);
/* What could not be recorded, since load (enum xip_counter). 0 or -errno. */
int xl_maps_counters(struct xl_bpf *b, uint64_t out[XIP_NR_COUNTERS]);
/*
 * The names the kernel side captured; 0 or -ENOENT. Of a short path
 * (paths map), only p's first sizeof(struct xip_path_short) bytes are
 * written: what follows is not to be read past p->len.
 */
int xl_maps_path(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
		 struct xip_path *p);
int xl_maps_comm(struct xl_bpf *b, uint32_t tgid, uint64_t start, char comm[XIP_COMM_LEN]);

/*
 * Removing rows, in two steps. First, of the rows of s whose drop[i] is
 * set, keep those whose counts changed since s was read (a fault came in:
 * the file lives, or the row is not idle): their drop[i] is cleared.
 * 0 or -errno.
 */
int xl_maps_keep_moved(struct xl_bpf *b, const struct xl_snapshot *s, unsigned char *drop);
/*
 * Then remove the rows still marked, with their histograms. A row that
 * took a fault in the instant since its last look loses it: *lost counts
 * such faults. 0 or -errno.
 */
int xl_maps_delete(struct xl_bpf *b, const struct xl_snapshot *s, const unsigned char *drop,
		   uint64_t *lost);
/* Forget a tracked inode (its path; its end no longer told): no row of it is left. */
void xl_maps_forget_inode(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen);
/* Forget an ended process's name. */
void xl_maps_forget_process(struct xl_bpf *b, uint32_t tgid, uint64_t start);
/* Empty the rows and histograms (xipbench, between runs). 0 or -errno. */
int xl_maps_clear(struct xl_bpf *b);
/* Bytes the kernel charges for the object's maps (memlock in fdinfo). */
uint64_t xl_maps_memory(struct xl_bpf *b);

#endif
