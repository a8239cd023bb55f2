/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xiptop's user-space model: snapshots of the BPF maps, their differences
 * over an interval, latency histograms and the rows shown. Pure logic: no
 * libbpf, no terminal, so the unit tests link it as it is.
 */
#ifndef XT_MODEL_H
#define XT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xiptop.h"

/* A latency histogram in user space (64-bit slots: sums over CPUs and time). */
struct xt_hist {
	uint64_t count;
	uint64_t sum_ns;
	uint64_t slot[XIP_HIST_SLOTS];
};

struct xt_file {
	struct xip_file_key key;
	struct xip_file_stats st;
};

struct xt_histrec {
	struct xip_hist_key key;
	struct xt_hist h;
};

/* The maps at one moment (cumulative), or the difference of two. */
struct xt_snapshot {
	double time;			/* seconds since xiptop started */
	struct xt_file *files;		/* sorted by key */
	size_t nfiles, capfiles;
	struct xt_histrec *hists;	/* sorted by key */
	size_t nhists, caphists;
	uint64_t counters[XIP_NR_COUNTERS];
};

void xt_snapshot_free(struct xt_snapshot *s);
void xt_snapshot_clear(struct xt_snapshot *s);
/* Append an entry (unsorted); 0 or -ENOMEM. */
int xt_snapshot_add_file(struct xt_snapshot *s, const struct xip_file_key *key,
			 const struct xip_file_stats *st);
int xt_snapshot_add_hist(struct xt_snapshot *s, const struct xip_hist_key *key,
			 const struct xt_hist *h);
void xt_snapshot_sort(struct xt_snapshot *s);
const struct xt_file *xt_find_file(const struct xt_snapshot *s, const struct xip_file_key *key);
const struct xt_hist *xt_find_hist(const struct xt_snapshot *s, const struct xip_file_key *key,
				   unsigned int lat);
/* *out = cur - old: the entries that changed, sorted. 0 or -ENOMEM. */
int xt_snapshot_delta(const struct xt_snapshot *cur, const struct xt_snapshot *old,
		      struct xt_snapshot *out);

/* a += b (sign 1) or a -= b (sign -1), field by field */
void xt_stats_add(struct xip_file_stats *a, const struct xip_file_stats *b, int sign);
void xt_hist_add(struct xt_hist *a, const struct xt_hist *b, int sign);
/* A kernel-side histogram (per CPU) into a user-space one. */
void xt_hist_from_bpf(struct xt_hist *h, const struct xip_hist *b);
/*
 * The value below which a fraction q (0..1) of the samples lie, in ns:
 * the slot that holds it, interpolated linearly inside the slot's range
 * [2^i, 2^(i+1)); 0 when the histogram is empty.
 */
uint64_t xt_hist_percentile(const struct xt_hist *h, double q);
uint64_t xt_slot_low(unsigned int slot);	/* lowest value of a slot */
uint64_t xt_slot_high(unsigned int slot);	/* highest value of a slot */

/* Fault kinds that partition a row's faults (major and hole overlap them). */
extern const unsigned int xt_fault_kinds[];
extern const size_t xt_nr_fault_kinds;
uint64_t xt_total_faults(const struct xip_file_stats *st);

/* Names: of kinds and latency classes (JSON keys), fallback reasons, COW sources. */
extern const char *const xt_lat_names[XIP_NR_LAT];
extern const char *const xt_lat_titles[XIP_NR_LAT];
extern const char *const xt_fallback_names[XIP_NR_FALLBACK_REASONS];
extern const char *const xt_cow_source_names[XIP_NR_COW_SOURCES];
extern const char *const xt_counter_names[XIP_NR_COUNTERS];

/* A row as shown: an interval's statistics and their latency summary. */
struct xt_row {
	const struct xt_file *f;
	uint64_t faults;		/* xt_total_faults() */
	struct xt_hist all;		/* every fault's latency */
	uint64_t p50, p99;		/* of all, ns */
	/* names, resolved by the caller; NULL where unknown or not asked for */
	const char *path;
	const char *comm;		/* --per-process */
	const char *cgroup;		/* --per-cgroup */
};

enum xt_sort {
	XT_SORT_FAULTS, XT_SORT_MAJOR, XT_SORT_PTE, XT_SORT_PMD, XT_SORT_FALLBACK,
	XT_SORT_HOLE, XT_SORT_COW, XT_SORT_ZERO, XT_SORT_IO, XT_SORT_P50, XT_SORT_P99,
	XT_SORT_PATH, XT_NR_SORTS,
};
extern const char *const xt_sort_names[XT_NR_SORTS];
int xt_sort_parse(const char *name);	/* -1 if unknown */

/* Fill rows[] (one per file of delta) with their summaries. */
void xt_rows_build(const struct xt_snapshot *delta, struct xt_row *rows);
/* Largest first (paths: alphabetical); ties broken by key, so stable. */
void xt_rows_sort(struct xt_row *rows, size_t n, enum xt_sort by);

/*
 * --max-files when not given: 10240, or fewer where the preallocated
 * per-CPU files and hists maps would take more than XT_MAP_BUDGET bytes.
 */
#define XT_MAP_BUDGET (128UL << 20)
int xt_default_max_files(int ncpus);

/* The sum of every row: the screen's header. */
struct xt_totals {
	struct xip_file_stats st;
	uint64_t faults;
	struct xt_hist lat[XIP_NR_LAT];
};
void xt_totals(const struct xt_snapshot *delta, struct xt_totals *t);
/* PMD fallbacks over PMD attempts, 0..1; -1 with no attempt. */
double xt_fallback_ratio(const struct xip_file_stats *st);

#endif
