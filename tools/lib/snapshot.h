/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rows of the BPF maps as sorted arrays: every row since the programs
 * were loaded, or what changed in an interval (maps.h makes both), which
 * views, lifecycle and the exporter read.
 */
#ifndef XL_SNAPSHOT_H
#define XL_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "hist.h"
#include "xiptop.h"

struct xl_file {
	struct xip_file_key key;
	struct xip_file_stats st;
	double active;			/* when its counts last changed (rowread.h) */
	/*
	 * Its faults' time (struct xt_row's) as reads work it out: in an
	 * interval, each kind's sample scaled to the kind's faults; since
	 * start, the sum of every read's (rowread.h), which never goes down,
	 * where scaling the sums would (the share of faults timed changes
	 * from read to read). 0 where no read set it: the histograms say.
	 */
	uint64_t fault_ns;
	__u32 row;			/* the kernel side's row it was read from; XL_NO_ROW: none */
};

#define XL_NO_ROW	((__u32)-1)

struct xl_histrec {
	struct xip_hist_key key;
	struct xl_hist h;
};

/* Faults on one device by the CPUs of one NUMA node (xiptop doctor's numa-remote). */
struct xl_devnode {
	unsigned int dev;
	int node;
	uint64_t faults;
};

/*
 * Every file of a snapshot summed, and its histograms by class: what the
 * read that builds an interval's snapshot adds up as it goes, while each
 * row's differences are at hand (the screen's header, JSON's totals).
 */
struct xl_sums {
	struct xip_file_stats st;
	struct xl_hist lat[XIP_NR_LAT];
	/*
	 * Every file's fault time: each of its fault kinds' sample scaled to
	 * the kind's faults, as xiptop's rows work it out (struct xt_row's fault_ns).
	 */
	uint64_t fault_ns;
};

struct xl_snapshot {
	double time;			/* seconds since the tool started */
	struct xl_file *files;		/* sorted by key */
	size_t nfiles, capfiles;
	struct xl_histrec *hists;	/* sorted by key: by file, then class */
	size_t nhists, caphists;
	uint64_t counters[XIP_NR_COUNTERS];
	/*
	 * sums holds the sum of files and hists while sums_valid: from
	 * xl_snapshot_clear(), through the read's appends, until an entry is
	 * added or removed any other way.
	 */
	struct xl_sums sums;
	bool sums_valid;
	/*
	 * CPU -> NUMA node (xl_cpu_nodes()), set by who wants faults counted
	 * per (device, node) as the maps are read; NULL: not counted.
	 */
	const int *cpu_node;
	int ncpu_node;
	struct xl_devnode *devnodes;
	size_t ndevnodes, capdevnodes;
};

/* Count faults on dev by a CPU of node; 0 or -ENOMEM. */
int xl_snapshot_add_devnode(struct xl_snapshot *s, unsigned int dev, int node, uint64_t faults);
/* The faults on dev by node's CPUs (node < 0: by every other node's than -node - 1). */
uint64_t xl_snapshot_devnode(const struct xl_snapshot *s, unsigned int dev, int node);

void xl_snapshot_free(struct xl_snapshot *s);
void xl_snapshot_clear(struct xl_snapshot *s);
/* Append an entry (unsorted until xl_snapshot_sort()); 0 or -ENOMEM. */
int xl_snapshot_add_file(struct xl_snapshot *s, const struct xip_file_key *key,
			 const struct xip_file_stats *st);
int xl_snapshot_add_hist(struct xl_snapshot *s, const struct xip_hist_key *key,
			 const struct xl_hist *h);
/*
 * The entry after the last, for the caller to fill in place and keep by
 * counting it (nfiles++, nhists++); NULL: no memory. Reading the maps
 * works its differences out there, with no copy, and adds them to the
 * sums: a caller that does not must clear sums_valid.
 */
struct xl_file *xl_snapshot_grow_files(struct xl_snapshot *s);
struct xl_histrec *xl_snapshot_grow_hists(struct xl_snapshot *s);

static inline struct xl_file *xl_snapshot_next_file(struct xl_snapshot *s)
{
	return s->nfiles < s->capfiles ? &s->files[s->nfiles] : xl_snapshot_grow_files(s);
}

static inline struct xl_histrec *xl_snapshot_next_hist(struct xl_snapshot *s)
{
	return s->nhists < s->caphists ? &s->hists[s->nhists] : xl_snapshot_grow_hists(s);
}
void xl_snapshot_sort(struct xl_snapshot *s);
/*
 * Add an earlier read's differences (from) to a later one's (into): an
 * interval read in parts. A file or histogram in both is summed, and so
 * are the sums and the faults by node; into keeps its time and counters
 * (the later read's: counters are since start). into comes out sorted.
 * 0, or -ENOMEM (into is then partly merged: not to be shown).
 */
int xl_snapshot_merge(struct xl_snapshot *into, const struct xl_snapshot *from);
const struct xl_file *xl_find_file(const struct xl_snapshot *s, const struct xip_file_key *key);
const struct xl_hist *xl_find_hist(const struct xl_snapshot *s, const struct xip_file_key *key,
				   unsigned int lat);
/* Keep only the files keep() wants, and their histograms. */
void xl_snapshot_filter(struct xl_snapshot *s, int (*keep)(const struct xl_file *f, void *ctx),
			void *ctx);
/* Key order: device, inode, generation, process, owner. */
int xl_file_key_cmp(const struct xip_file_key *x, const struct xip_file_key *y);

#endif
