/* SPDX-License-Identifier: GPL-2.0 */
/* xipbench's command line: what the user asked for (args.c parses it). */
#ifndef XB_ARGS_H
#define XB_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include "stdopts.h"
#include "workloads.h"

#define XB_MAX_WORKLOADS 64
#define XB_MAX_REPEATS 1000

struct xb_env {
	const char *dax_dir, *pc_dir;
	const struct xb_workload *work[XB_MAX_WORKLOADS];
	size_t nwork;
	int repeats;
	unsigned long size;		/* bytes per file */
	int threads;			/* of mt-overwrite */
	const char *json;		/* file, "-": standard output */
	const char *plot;		/* .svg or .png */
	double noise;			/* spread above which a result is flagged */
	int faults;			/* 0: --no-faults */
	int any_device;
	int list, quiet;
	bool verbose;			/* -v: libbpf's debug output */
};

/*
 * Parse argv into *env (defaults first): XL_ARGS_GO; XL_ARGS_DONE when
 * help or the version was printed; XL_ARGS_BAD with a one-line message in
 * err on a bad command line.
 */
enum xl_args xb_parse_args(int argc, char **argv, struct xb_env *env, char *err, size_t errlen);

#endif
