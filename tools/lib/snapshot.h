/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF maps at one moment (cumulative since the programs were loaded),
 * or the difference of two moments. Sorted arrays: a delta of two
 * snapshots is one linear walk.
 */
#ifndef XL_SNAPSHOT_H
#define XL_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "hist.h"
#include "xiptop.h"

struct xl_file {
	struct xip_file_key key;
	struct xip_file_stats st;
	double active;			/* when its counts last changed (xl_snapshot_carry()) */
};

struct xl_histrec {
	struct xip_hist_key key;
	struct xl_hist h;
};

struct xl_snapshot {
	double time;			/* seconds since the tool started */
	struct xl_file *files;		/* sorted by key */
	size_t nfiles, capfiles;
	struct xl_histrec *hists;	/* sorted by key: by file, then class */
	size_t nhists, caphists;
	uint64_t counters[XIP_NR_COUNTERS];
};

void xl_snapshot_free(struct xl_snapshot *s);
void xl_snapshot_clear(struct xl_snapshot *s);
/* Append an entry (unsorted until xl_snapshot_sort()); 0 or -ENOMEM. */
int xl_snapshot_add_file(struct xl_snapshot *s, const struct xip_file_key *key,
			 const struct xip_file_stats *st);
int xl_snapshot_add_hist(struct xl_snapshot *s, const struct xip_hist_key *key,
			 const struct xl_hist *h);
void xl_snapshot_sort(struct xl_snapshot *s);
const struct xl_file *xl_find_file(const struct xl_snapshot *s, const struct xip_file_key *key);
const struct xl_hist *xl_find_hist(const struct xl_snapshot *s, const struct xip_file_key *key,
				   unsigned int lat);
/* *out = cur - old: the entries that changed, sorted. 0 or -ENOMEM. */
int xl_snapshot_delta(const struct xl_snapshot *cur, const struct xl_snapshot *old,
		      struct xl_snapshot *out);
/* Keep only the files keep() wants, and their histograms. */
void xl_snapshot_filter(struct xl_snapshot *s, int (*keep)(const struct xl_file *f, void *ctx),
			void *ctx);
/*
 * Carry each file's last activity over from old (the read before cur):
 * unchanged counts keep old's time, changed or new ones get cur's.
 */
void xl_snapshot_carry(struct xl_snapshot *cur, const struct xl_snapshot *old);
/* Remove the files whose drop[i] is set, and their histograms. */
void xl_snapshot_drop(struct xl_snapshot *s, const unsigned char *drop);
/* Key order: device, inode, generation, process, owner. */
int xl_file_key_cmp(const struct xip_file_key *x, const struct xip_file_key *y);

#endif
