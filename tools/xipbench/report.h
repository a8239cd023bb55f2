/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xipbench's results and their outputs: a table for people, JSON for
 * programs (schema in docs/xipbench.md), a gnuplot plot. Pure logic but for
 * running gnuplot.
 */
#ifndef XB_REPORT_H
#define XB_REPORT_H

#include <stdio.h>
#include <stdint.h>
#include <linux/types.h>
#include "caps.h"
#include "checks.h"
#include "stats.h"
#include "workloads.h"
#include "xiptop.h"

enum { XB_DAX, XB_PAGECACHE, XB_NR_SIDES };
extern const char *const xb_side_names[XB_NR_SIDES];

/* One workload on one file system, over its repeats. */
struct xb_side {
	int error;			/* -errno of a failed run; then nothing else is set */
	uint64_t ops;			/* per run */
	struct xb_range ops_s, mib_s;	/* over the repeats */
	double spread;			/* of ops_s */
	int noisy;			/* median's interval wider than --noise, or one repeat */
	uint64_t p50, p99, p999;	/* ns, over every operation of every repeat */
	int have_faults;
	struct xip_file_stats faults;	/* one untimed run's */
	uint64_t faults_lost;		/* events of that run the maps had no room for */
	int have_pagefaults;
	uint64_t pf_minor, pf_major;	/* that run's page faults, perf's count (pagefaults.h) */
};

struct xb_outcome {
	const struct xb_workload *w;
	struct xb_side side[XB_NR_SIDES];
};

struct xb_report {
	char date[32], kernel[128], cpu[128];
	int cpus;
	unsigned long long mem_bytes;
	unsigned long size;
	int repeats, threads;
	double noise;
	struct xb_fs fs[XB_NR_SIDES];
	const char *faults_hook;	/* NULL: no fault kinds, for faults_why */
	char faults_why[256];
	int pagefaults;			/* perf counts page faults; else pagefaults_why */
	char pagefaults_why[256];
	struct xl_caps have;
	struct xb_outcome *out;
	size_t nout;
};

/*
 * Fill s from a workload's repeats: ops per second and MiB per second of
 * each (n of them), and the latencies of all their operations (sorted
 * here).
 */
void xb_side_set(struct xb_side *s, const double *ops_s, const double *mib_s, int n,
		 uint64_t *lat, size_t nlat, double noise);

/* DAX over page cache, in operations per second; 0 if either failed. */
double xb_speedup(const struct xb_outcome *o);
/* The ratio's bounds by the medians' confidence intervals; 0 when there is no ratio. */
int xb_speedup_range(const struct xb_outcome *o, double *lo, double *hi);

/*
 * "4096 pte-read, 32 fallback": the kinds a run took, into buf, and how
 * many events the maps had no room for (lost), if any.
 */
/* The page faults perf counted, as the FAULTS column starts: "N faults (M major)" */
const char *xb_pagefaults_line(char *buf, size_t len, uint64_t minor, uint64_t major);
const char *xb_faults_line(char *buf, size_t len, const struct xip_file_stats *st,
			   const struct xl_caps *have, uint64_t lost);

void xb_print_table(FILE *f, const struct xb_report *r);
void xb_print_json(FILE *f, const struct xb_report *r);
/* Plot MiB/s per workload, DAX against the page cache; 0 or -1 with err. */
int xb_plot(const struct xb_report *r, const char *path, char *err, size_t errlen);

#endif
