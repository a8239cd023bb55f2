/* SPDX-License-Identifier: GPL-2.0 */
/* xiptop's command line: what the user asked for (cli.c parses it). */
#ifndef XT_CLI_H
#define XT_CLI_H

#include <limits.h>
#include <stddef.h>
#include <stdbool.h>
#include "loader.h"
#include "sort.h"
#include "stdopts.h"

enum xt_output { XT_OUT_TOP, XT_OUT_JSON, XT_OUT_CSV, XT_OUT_NONE };

#define XT_ROWS_ALL INT_MAX	/* -r all: every row */

struct xt_env {
	int hist;		/* "xiptop hist": latency histograms */
	int doctor;		/* "xiptop doctor": findings (docs/doctor.md) */
	int per_file;		/* hist: one set per file */
	enum xt_output output;
	double interval;	/* seconds */
	long count;		/* intervals; -1: until stopped */
	int rows;		/* 0: the output's default (xt_top_rows(), XT_DEFAULT_ROWS); XT_ROWS_ALL */
	enum xt_sort sort;
	int sort_set;		/* --sort given */
	int noclear;
	int timestamp;		/* -T */
	int unit;		/* hist: 0 ns, 'u' us, 'm' ms */
	unsigned int tgid;	/* 0: every process */
	const char *cgroup;	/* -c CGROUP_PATH as given */
	const char *dev;	/* --dev as given */
	const char *mount;	/* --mount as given */
	const char *path_prefix;
	int per_process, per_cgroup, page_cache;
	int page_cache_auto;	/* doctor turned page_cache on (not the user) */
	int timing;		/* 0: --no-latency */
	int every_fault;	/* --every-fault: no latency sampling */
	int max_files;
	enum xl_hook hook;
	const char *prometheus;	/* ADDR:PORT */
	long prometheus_files;	/* per-file series for this many files */
	bool verbose;		/* -v: libbpf's debug output */
};

/*
 * Parse argv into *env (defaults first): XL_ARGS_GO; XL_ARGS_DONE when
 * help or the version was printed; XL_ARGS_BAD with a one-line message in
 * err on a bad command line.
 */
enum xl_args xt_parse_args(int argc, char **argv, struct xt_env *env, char *err, size_t errlen);

/* The BPF programs' options for this command line, filtering on kdev (0: all). */
void xt_bpf_opts(const struct xt_env *env, unsigned int kdev, struct xl_bpf_opts *o);

#endif
