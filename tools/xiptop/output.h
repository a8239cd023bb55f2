/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xiptop's outputs, each to a FILE: JSON, CSV, the Prometheus text
 * exposition format, the top screen and log2 histograms. Pure formatting of
 * a view: the unit tests print and parse them back.
 */
#ifndef XT_OUTPUT_H
#define XT_OUTPUT_H

#include <stdio.h>
#include "model.h"

/* What the running kernel and the options let xiptop tell. */
struct xt_have {
	int fallback;		/* dax_pmd_fallback: fallback reasons */
	int cow_source;		/* dax_fault_cow */
	int zero;		/* dax_zero_blocks */
	int io;			/* dax_iomap_rw(_done) */
	int major_pmd;		/* PMD faults account major faults (series) */
	int pagecache;		/* --page-cache */
	int timing;		/* latencies (not --no-latency) */
	int per_process, per_cgroup;
};

/* One interval (or, for Prometheus, everything since start) to show. */
struct xt_view {
	const struct xt_snapshot *snap;	/* deltas, or cumulative for Prometheus */
	struct xt_row *rows;		/* one per file of snap, sorted, filtered */
	size_t nrows;
	struct xt_totals totals;	/* over every row of snap, filtered or not */
	double interval;		/* seconds the snapshot covers */
	const char *hook;		/* tp_btf, raw_tp or tp */
	struct xt_have have;
	uint64_t counters[XIP_NR_COUNTERS];	/* since start */
	size_t tracked, max_files;	/* rows in the kernel's map, and its size */
};

/* Can the kernel, with these options, tell this kind or latency class? */
int xt_lat_available(const struct xt_have *h, unsigned int lat);

void xt_print_json(FILE *f, const struct xt_view *v);
void xt_print_csv_header(FILE *f, const struct xt_view *v);
void xt_print_csv(FILE *f, const struct xt_view *v);
void xt_print_prometheus(FILE *f, const struct xt_view *v);
/*
 * The top screen: header, then at most maxrows rows, cut to width columns;
 * row `selected` (-1: none) is highlighted. sort names the sort key.
 */
void xt_print_top(FILE *f, const struct xt_view *v, size_t maxrows, int width, int selected,
		  enum xt_sort sort, const char *clock);
/* Log2 histograms: the totals', or (row) one file's. */
void xt_print_hists(FILE *f, const struct xt_view *v, const struct xt_row *row);
/* One histogram, biolatency style, in ns or us as its values fit. */
void xt_print_hist(FILE *f, const struct xt_hist *h);

/* n as a short string: 999, 12.3k, 4.5M (buf of 16) */
const char *xt_human(char *buf, double n);
/* ns as a short duration: 850ns, 12.3us, 4.5ms, 1.2s (buf of 16) */
const char *xt_human_ns(char *buf, uint64_t ns);

#endif
