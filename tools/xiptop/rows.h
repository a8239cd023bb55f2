/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xiptop's rows: one per file (or file and process, or file and cgroup) of
 * an interval's delta, with what every output shows of it worked out once:
 * its fault total, its histograms by class, their percentiles, its names.
 * Pure logic, unit-tested as it is.
 */
#ifndef XT_ROWS_H
#define XT_ROWS_H

#include <stddef.h>
#include <stdint.h>
#include "hist.h"
#include "snapshot.h"
#include "sort.h"

struct xt_row {
	const struct xl_file *f;		/* key and statistics, in the snapshot */
	uint64_t faults;			/* xl_total_faults() */
	uint64_t timed;				/* faults of it that were timed */
	/*
	 * Its faults' time: every kind that partitions faults, its sample
	 * scaled to its faults (xl_class_fault_ns()); since start, read by
	 * read (struct xl_file's fault_ns).
	 */
	uint64_t fault_ns;
	struct xl_pct pct;			/* of every timed fault */
	int pct_class;				/* the one class pct is of; -1: several, or none yet */
	const struct xl_hist *lat[XIP_NR_LAT];	/* by class, in the snapshot; NULL: none */
	/* names, resolved before the view is built; NULL where unknown or not asked for */
	const char *path;
	const char *comm;			/* --per-process */
	const char *cgroup;			/* --per-cgroup */
	const char *hint;			/* its worst finding's id (findings.h); NULL: none */
	unsigned int findings;			/* bit id: it has that finding */
};

/* Percentiles as the rows are built (else xt_rows_pct() later, for the rows shown). */
#define XT_ROWS_PCT		1

/* Fill rows[i] from file i of s (sorted); names are left NULL for the caller. */
void xt_rows_build(const struct xl_snapshot *s, struct xt_row *rows, unsigned int flags);
/* The same for n of s's files: rows[i] from file files[i]. */
void xt_rows_build_some(const struct xl_snapshot *s, struct xt_row *rows, const uint32_t *files,
			size_t n);
/* The percentiles of n rows' faults. */
void xt_rows_pct(struct xt_row *rows, size_t n);
/*
 * The percentiles of class lat's histogram h, of row r (NULL: of the
 * totals), for the outputs that print each class's: worked out as they
 * are printed, not kept in every row (they were 264 bytes of each), but
 * taken from r->pct when that is of the same histogram.
 */
void xt_class_pct(const struct xt_row *r, const struct xl_hist *h, unsigned int lat,
		  struct xl_pct *p);

/*
 * Largest first (paths: alphabetical); ties broken by key, so stable.
 * Only the first `limit` places are sorted (0: all of them); the other
 * rows follow in no order. Sorting by p50 or p99 wants every row's
 * percentiles, by path every row's path. 0 or -ENOMEM.
 */
int xt_rows_sort(struct xt_row *rows, size_t n, enum xt_sort by, size_t limit);
/*
 * The order xt_rows_sort() would give the rows of s's files, by a count
 * (not p50, p99 or path: those need rows built), for its first k places:
 * order[0..k) the best k files' indices in s->files, in order; order[k..n)
 * the others', in no order. No row is built: a screen builds only the
 * rows it shows. 0, -EINVAL (not xt_sort_by_count()) or -ENOMEM.
 */
int xt_files_best(const struct xl_snapshot *s, enum xt_sort by, size_t k, uint32_t *order);

/* The sum of every file of a snapshot: the screen's header, JSON's totals. */
struct xt_totals {
	struct xip_file_stats st;
	uint64_t faults;
	struct xl_hist lat[XIP_NR_LAT];
	struct xl_hist all;			/* every fault kind's latencies */
	struct xl_pct pct;			/* of all */
};
void xt_totals(const struct xl_snapshot *s, struct xt_totals *t);

#endif
