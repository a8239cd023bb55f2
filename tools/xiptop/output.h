/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xiptop's outputs, one file each: output_json.c, output_csv.c,
 * output_prometheus.c, output_top.c (the top screen), output_hist.c (log2
 * histograms). Each formats a view (view.h) onto a FILE and nothing else:
 * the unit tests print them and parse them back.
 */
#ifndef XT_OUTPUT_H
#define XT_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "caps.h"
#include "findings.h"
#include "fsrows.h"
#include "view.h"

/* One JSON object per interval. */
void xt_print_json(FILE *f, const struct xt_view *v);

/* CSV: the header once, then a line per row and interval. */
void xt_print_csv_header(FILE *f, const struct xl_caps *caps);
void xt_print_csv(FILE *f, const struct xt_view *v);
/* A CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. */
void xt_csv_str(FILE *f, const char *s);

/*
 * The Prometheus text exposition format 0.0.4 of a view since start: the
 * per file system series fs (xt_fsrows_build()), then those of the nfiles
 * files that took the most fault time, then xiptop's own. 0, or -ENOMEM:
 * then what was written is not the whole scrape, and must not be served
 * as one (a scrape that fails, rather than one that lies).
 */
int xt_print_prometheus(FILE *f, const struct xt_view *v, const struct xt_fsrows *fs, size_t nfiles);

/* Room for a path as the screen shows it: escaped (xl_term_str()), up to 4 bytes a byte. */
#define XT_TERM_PATH	(4 * 4096 + 1)

/*
 * The top screen: header, then at most maxrows rows, cut to width columns;
 * row `selected` (-1: none) is highlighted. clock: the time to show.
 */
void xt_print_top(FILE *f, const struct xt_view *v, size_t maxrows, int width, int selected,
		  const char *clock);

/*
 * The version of the JSON and CSV layouts, in each object and line: it
 * changes when a key or column changes meaning or goes (new ones do not
 * change it). docs/xiptop.md has the history.
 */
#define XT_SCHEMA 1

/*
 * Log2 histograms, in units of div ns (1, 1000: -u, 1000000: -m): the
 * totals', or (row) one file's.
 */
void xt_print_hists(FILE *f, const struct xt_view *v, const struct xt_row *row, uint64_t div);
/* One histogram, biolatency style. */
void xt_print_hist(FILE *f, const struct xl_hist *h, uint64_t div);
/* nsecs, usecs or msecs */
const char *xt_unit_name(uint64_t div);
/*
 * 'xiptop hist': one interval's histograms, of the totals or (per_file) of
 * at most maxrows files (0: all); clock (-T) first unless NULL.
 */
void xt_print_hist_interval(FILE *f, const struct xt_view *v, bool per_file, int maxrows,
			    const char *clock, uint64_t div);
/* The same as one JSON object, and as CSV lines (a bucket each) after their header. */
void xt_print_hist_json(FILE *f, const struct xt_view *v, bool per_file, int maxrows, uint64_t div);
void xt_print_hist_csv_header(FILE *f);
void xt_print_hist_csv(FILE *f, const struct xt_view *v, bool per_file, int maxrows, uint64_t div);

/* 'xiptop doctor': the findings of a view, worst first, as text or one JSON object. */
void xt_print_doctor(FILE *f, const struct xt_view *v, const struct xt_findings *fs);
void xt_print_doctor_json(FILE *f, const struct xt_view *v, const struct xt_findings *fs);
/* The findings of one row (the top screen's view of the selected file): "" if none. */
void xt_print_row_findings(FILE *f, const struct xt_view *v, const struct xt_row *r);

#endif
