// SPDX-License-Identifier: GPL-2.0
/* xiptop's command line (see cli.h). */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "error.h"
#include "parse.h"

enum {
	OPT_PAGE_CACHE = 0x100, OPT_NO_LATENCY, OPT_CSV, OPT_PROMETHEUS,
	OPT_MAX_FILES, OPT_HOOK,
};

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to watch:", 1 },
	{ "pid", 'p', "PID", 0, "only this process", 1 },
	{ "dev", 'd', "DEV", 0, "only this file system: MAJ:MIN or its block device", 1 },
	{ "mount", 'm', "DIR", 0, "only the file system that holds DIR", 1 },
	{ "path", 'f', "PREFIX", 0, "only files whose path starts with PREFIX", 1 },
	{ "per-process", 'P', NULL, 0, "a row per file and process", 1 },
	{ "per-cgroup", 'G', NULL, 0, "a row per file and cgroup (v2)", 1 },
	{ "page-cache", OPT_PAGE_CACHE, NULL, 0,
	  "also count and time page-cache faults (kprobe on filemap_fault)", 1 },
	{ "no-latency", OPT_NO_LATENCY, NULL, 0, "count only: no start/end pairing", 1 },
	{ NULL, 0, NULL, 0, "What to show:", 2 },
	{ "sort", 's', "KEY", 0, "sort rows by faults (default), major, pte, pmd, fallback, hole, "
	  "cow, zero, io, p50, p99 or path", 2 },
	{ "rows", 'r', "N", 0, "at most N rows (default: what fits the terminal)", 2 },
	{ "noclear", 'C', NULL, 0, "do not clear the screen; no keys", 2 },
	{ "per-file", 'F', NULL, 0, "hist: a set of histograms per file", 2 },
	{ "json", 'j', NULL, 0, "one JSON object per interval (docs/xiptop.md)", 2 },
	{ "csv", OPT_CSV, NULL, 0, "CSV: a line per row and interval, a header first", 2 },
	{ "prometheus", OPT_PROMETHEUS, "ADDR:PORT", 0,
	  "serve /metrics in the Prometheus text format (e.g. :9435)", 2 },
	{ NULL, 0, NULL, 0, "Limits and hooks:", 3 },
	{ "max-files", OPT_MAX_FILES, "N", 0, "rows tracked at most (default 10240, fewer on many CPUs)", 3 },
	{ "hook", OPT_HOOK, "HOOK", 0, "auto (default: the cheapest), tp_btf, raw_tp or tp", 3 },
	{},
};

struct parse_state {
	struct xt_env *env;
	char *err;
	size_t errlen;
	int pos;
};

/* A bad command line: the message, and argp's error code. */
#define bad(ps, ...) (xl_errorf((ps)->err, (ps)->errlen, __VA_ARGS__), EINVAL)

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	struct parse_state *ps = state->input;
	struct xt_env *env = ps->env;
	char *end;
	long v;
	int i;

	switch (key) {
	case 'p':
		if (xl_parse_long(arg, 1, 0x7fffffff, &v))
			return bad(ps, "--pid takes a process id, not '%s'", arg);
		env->tgid = v;
		break;
	case 'd':
		env->dev = arg;
		break;
	case 'm':
		env->mount = arg;
		break;
	case 'f':
		env->path_prefix = arg;
		break;
	case 'P':
		env->per_process = 1;
		break;
	case 'G':
		env->per_cgroup = 1;
		break;
	case OPT_PAGE_CACHE:
		env->page_cache = 1;
		break;
	case OPT_NO_LATENCY:
		env->timing = 0;
		break;
	case 's':
		i = xt_sort_parse(arg);
		if (i < 0)
			return bad(ps, "--sort: no key '%s'; keys: faults major pte pmd fallback hole cow zero io p50 p99 path",
				   arg);
		env->sort = i;
		break;
	case 'r':
		if (xl_parse_long(arg, 1, 100000, &v))
			return bad(ps, "--rows takes a number from 1, not '%s'", arg);
		env->rows = v;
		break;
	case 'C':
		env->noclear = 1;
		break;
	case 'F':
		env->per_file = 1;
		break;
	case 'j':
		env->output = XT_OUT_JSON;
		break;
	case OPT_CSV:
		env->output = XT_OUT_CSV;
		break;
	case OPT_PROMETHEUS:
		if (!strchr(arg, ':'))
			return bad(ps, "--prometheus takes ADDR:PORT or :PORT, not '%s'", arg);
		env->prometheus = arg;
		break;
	case OPT_MAX_FILES:
		if (xl_parse_long(arg, 1, 1 << 22, &v))
			return bad(ps, "--max-files takes a number from 1 to 4194304, not '%s'", arg);
		env->max_files = v;
		break;
	case OPT_HOOK:
		for (i = 0; i < XL_NR_HOOKS; i++)
			if (!strcmp(arg, xl_hook_names[i]))
				break;
		if (i == XL_NR_HOOKS)
			return bad(ps, "--hook takes auto, tp_btf, raw_tp or tp, not '%s'", arg);
		env->hook = i;
		break;
	case ARGP_KEY_ARG:
		if (ps->pos == 0) {
			errno = 0;
			env->interval = strtod(arg, &end);
			if (errno || end == arg || *end || !(env->interval >= 0.01 && env->interval <= 86400))
				return bad(ps, "INTERVAL is seconds from 0.01 to 86400, not '%s'", arg);
		} else if (ps->pos == 1) {
			if (xl_parse_long(arg, 1, 0x7fffffff, &v))
				return bad(ps, "COUNT takes a number from 1, not '%s'", arg);
			env->count = v;
		} else {
			return bad(ps, "too many arguments: '%s' (INTERVAL and COUNT at most)", arg);
		}
		ps->pos++;
		break;
	case ARGP_KEY_END:
		if (env->per_process && env->per_cgroup)
			return bad(ps, "--per-process and --per-cgroup do not go together: pick one");
		if (env->per_file && !env->hist)
			return bad(ps, "--per-file is for 'xiptop hist'");
		if (env->dev && env->mount)
			return bad(ps, "--dev and --mount both name a file system: pick one");
		if (env->hist && !env->timing)
			return bad(ps, "'xiptop hist' shows latencies: drop --no-latency");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const char doc[] =
	"xiptop: which files take which DAX (XIP) faults, how many and how long.\v"
	"Every INTERVAL seconds (default 1), COUNT times (default: until q, SIGINT or SIGTERM), "
	"shows per file: 4 KiB and 2 MiB faults, PMD fallbacks and why, hole loads, "
	"copy-on-write, major (allocating) faults, zeroing, read/write I/O, and fault latency. "
	"'xiptop hist' shows log2 latency histograms instead.\n\n"
	"Keys on a terminal: q quit, s next sort key, up/down (k/j) select, "
	"enter histograms of the selected file, esc/backspace back.\n\n"
	"Needs root (CAP_BPF and CAP_PERFMON), a kernel with BTF and the fs_dax events. "
	"The xip kernel series adds fallback reasons, COW sources, zeroing, read/write I/O and "
	"major 2 MiB faults; without it they show as unavailable. See xiptop(8).";

int xt_parse_args(int argc, char **argv, struct xt_env *env, char *err, size_t errlen)
{
	static const struct argp argp = {
		.options = options,
		.parser = parse_arg,
		.args_doc = "[INTERVAL [COUNT]]\nhist [INTERVAL [COUNT]]",
		.doc = doc,
	};
	struct parse_state ps = { .env = env, .err = err, .errlen = errlen };

	memset(env, 0, sizeof(*env));
	env->interval = 1;
	env->count = -1;
	env->timing = 1;
	env->max_files = 0;	/* xl_bpf_open(): xl_default_max_files() */
	env->sort = XT_SORT_FAULTS;
	err[0] = 0;
	if (argc > 1 && !strcmp(argv[1], "hist")) {
		env->hist = 1;
		argv[1] = argv[0];	/* parse the rest as if "hist" were the program */
		argc--;
		argv++;
	}
	if (argp_parse(&argp, argc, argv, 0, NULL, &ps))
		return 2;
	return 0;
}

void xt_bpf_opts(const struct xt_env *env, unsigned int kdev, struct xl_bpf_opts *o)
{
	*o = (struct xl_bpf_opts){
		.timing = env->timing, .per_process = env->per_process,
		.per_cgroup = env->per_cgroup, .page_cache = env->page_cache,
		.tgid = env->tgid, .kdev = kdev, .max_files = env->max_files, .hook = env->hook,
	};
}
