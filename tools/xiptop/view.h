/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one output shows: an interval's delta (or, for Prometheus, the
 * counts since start) as named, filtered, sorted rows with their totals.
 * Built in one pass from a snapshot; the formatters only format it.
 */
#ifndef XT_VIEW_H
#define XT_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "caps.h"
#include "rows.h"
#include "snapshot.h"

/*
 * The rows of --json and of the screen with -C (no terminal to fit)
 * without -r: the busiest 20, as bcc's top tools; the rest are in the
 * totals and counted as omitted. Every changed row is asked for, -r all:
 * of 10,000 files, 2.9 MB of JSON a second, about 6% of a core.
 */
#define XT_DEFAULT_ROWS 20

struct xt_namer;
struct xt_findings;

/* Rows that left the maps since start, and what the maps and xiptop hold. */
struct xt_life {
	uint64_t expired;		/* their file or process was gone */
	uint64_t evicted;		/* least recently active, to make room */
	uint64_t lost;			/* faults on rows in the instant of their removal */
	uint64_t kernel_bytes;		/* the BPF maps' (memlock) */
	uint64_t user_bytes;		/* xiptop's heap in use */
};

struct xt_view {
	const struct xl_snapshot *snap;	/* what the rows point into */
	struct xt_row *rows;		/* one per file of snap (but see rest), sorted; owned by the view */
	size_t nrows, caprows;
	size_t limit;			/* the output's rows at most (the source's); 0: all */
	/*
	 * The first `complete` rows are sorted, named, with percentiles and
	 * findings; the others (a screen shows its first rows only) have
	 * their counts and histograms, in no order.
	 */
	size_t complete;
	/*
	 * A screen sorted by a count, on a snapshot with its sums (the
	 * read's), builds only the rows it shows: rows[0..nrows) are those,
	 * and rest[0..nrest) the others' files (indices in snap->files),
	 * whose rows xt_view_sort() builds. nrest is 0 in any other view.
	 */
	const uint32_t *rest;
	size_t nrest;
	uint32_t *order;		/* where rest points: owned by the view */
	size_t caporder;
	/* every file's fault time (struct xt_row's), its row built or not: what impact shares */
	uint64_t fault_ns;
	struct xt_namer *namer;		/* what named them */
	struct xt_totals totals;	/* over every row */
	double interval;		/* seconds the snapshot covers */
	struct timespec wall;		/* when it was read (CLOCK_REALTIME) */
	const char *hook;		/* tp_btf, raw_tp or tp */
	struct xl_caps caps;
	enum xt_sort sort;
	uint64_t counters[XIP_NR_COUNTERS];	/* since start */
	size_t tracked, max_files;	/* rows in the kernel's map, and its size */
	struct xt_life life;
	const struct xt_findings *findings;	/* doctor's rules over the rows; NULL: not run (or rows sorted since) */
};

/* Where a view comes from besides its snapshot. */
struct xt_view_src {
	const uint64_t *counters;	/* what could not be recorded since start (XIP_NR_COUNTERS) */
	size_t tracked;			/* rows in the kernel's maps */
	double interval;
	struct timespec wall;
	const char *hook;
	const struct xl_caps *caps;
	size_t max_files;
	enum xt_sort sort;
	const char *path_prefix;	/* keep only these files (--path); NULL: all */
	size_t limit;			/* rows the output shows; 0: all of them */
	struct xt_life life;
};

/*
 * Build v from s: name its files, drop those path_prefix does not want
 * (from s too, so the totals agree), build, sort and sum the rows (with
 * a limit, sorted by a count, and s's sums valid: only the rows shown).
 * The view keeps pointers into s. 0 or -ENOMEM.
 */
int xt_view_build(struct xt_view *v, struct xl_snapshot *s, const struct xt_view_src *src,
		  struct xt_namer *namer);
/*
 * Every row built and complete, then all sorted by `by` (the screen's
 * sort key). The rows may move (room is made for those built now):
 * pointers into them, as findings hold, are stale after. 0 or -ENOMEM
 * (the rows as they were).
 */
int xt_view_sort(struct xt_view *v, enum xt_sort by);
void xt_view_free(struct xt_view *v);

#endif
