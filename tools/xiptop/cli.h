/* SPDX-License-Identifier: GPL-2.0 */
/* xiptop's command line: what the user asked for (cli.c parses it). */
#ifndef XT_CLI_H
#define XT_CLI_H

#include "model.h"

enum xt_output { XT_OUT_TOP, XT_OUT_JSON, XT_OUT_CSV, XT_OUT_NONE };
enum xt_hook { XT_HOOK_AUTO, XT_HOOK_TP_BTF, XT_HOOK_RAW_TP, XT_HOOK_TP, XT_NR_HOOKS };
extern const char *const xt_hook_names[XT_NR_HOOKS];

struct xt_env {
	int hist;		/* "xiptop hist": latency histograms */
	int per_file;		/* hist: one set per file */
	enum xt_output output;
	double interval;	/* seconds */
	long count;		/* intervals; -1: until stopped */
	int rows;		/* 0: what the terminal fits */
	enum xt_sort sort;
	int noclear;
	unsigned int tgid;	/* 0: every process */
	const char *dev;	/* --dev as given */
	const char *mount;	/* --mount as given */
	const char *path_prefix;
	int per_process, per_cgroup, page_cache;
	int timing;		/* 0: --no-latency */
	int max_files;
	enum xt_hook hook;
	const char *prometheus;	/* ADDR:PORT */
};

/*
 * Parse argv into *env (defaults first). 0 on success; 2 with a one-line
 * message in err on a bad command line. --help and --usage print and exit.
 */
int xt_parse_args(int argc, char **argv, struct xt_env *env, char *err, size_t errlen);

/*
 * A device as the kernel numbers it (major << 20 | minor) from "MAJ:MIN",
 * a block device's path, or (mount) any path on the file system. 0 or -1
 * with a message in err.
 */
int xt_parse_dev(const char *arg, int is_mount, unsigned int *kdev, char *err, size_t errlen);

/* Format a one-line message into err; returns -1 (for "return xt_errorf(...)"). */
int xt_errorf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A decimal number in [min, max] into *out; 0, or -1 if malformed or out of range. */
int xt_parse_long(const char *s, long min, long max, long *out);

#endif
