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
#include "stdopts.h"
#include "view.h"
#include "xiptop.h"

/* A macro's value as a string literal: the sampling's numbers in --help */
#define XL_STR_(x)	#x
#define XL_STR(x)	XL_STR_(x)

enum {
	OPT_PAGE_CACHE = 0x100, OPT_NO_LATENCY, OPT_CSV, OPT_PROMETHEUS,
	OPT_MAX_FILES, OPT_HOOK, OPT_PROMETHEUS_FILES, OPT_EVERY_FAULT,
};

/*
 * The exporter's default address: loopback only (a fleet's Prometheus
 * reaches it through --prometheus=[::]:9972 or a proxy), on a port near
 * the end of the range the Prometheus wiki allocates to exporters, away
 * from the well-known ones (node_exporter 9100, ebpf_exporter 9435).
 */
#define XT_PROMETHEUS_DEFAULT "127.0.0.1:9972"

/*
 * The short options follow bcc's libbpf-tools where they have one: -p PID,
 * -c CGROUP_PATH, -T, -m/-u (hist units), -C, -j; -h, -V, -v come with
 * every tool (stdopts.c).
 */

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "What to watch:", 1 },
	{ "pid", 'p', "PID", 0, "only this process", 1 },
	{ "cgroup", 'c', "CGROUP_PATH", 0, "only processes in this cgroup (v2) or below it", 1 },
	{ "dev", 'd', "DEV", 0, "only this file system: its disk (pmem0), block device or MAJ:MIN", 1 },
	{ "mount", 'M', "DIR", 0, "only the file system that holds DIR", 1 },
	{ "path", 'f', "PREFIX", 0, "only files whose path starts with PREFIX", 1 },
	{ "per-process", 'P', NULL, 0, "a row per file and process", 1 },
	{ "per-cgroup", 'G', NULL, 0, "a row per file and cgroup (v2)", 1 },
	{ "page-cache", OPT_PAGE_CACHE, NULL, 0,
	  "also count and time page-cache faults (kprobe on filemap_fault)", 1 },
	{ "no-latency", OPT_NO_LATENCY, NULL, 0, "count only: no start/end pairing", 1 },
	{ "every-fault", OPT_EVERY_FAULT, NULL, 0,
	  "time every fault (default: a file's first " XL_STR(XIP_SAMPLE_ALL)
	  " per CPU and interval, then 1 in " XL_STR(XIP_SAMPLE_EVERY) ")", 1 },
	{ NULL, 0, NULL, 0, "What to show:", 2 },
	{ "sort", 's', "KEY", 0, "sort rows by faults (default), major, pte, pmd, fallback, hole, "
	  "cow, zero, io, p50, p99 or path", 2 },
	{ "rows", 'r', "N", 0, "at most N rows, or all (default: what fits the terminal, else "
	  XL_STR(XT_DEFAULT_ROWS) "; --json: " XL_STR(XT_DEFAULT_ROWS) "; hist -F: all)", 2 },
	{ "noclear", 'C', NULL, 0, "do not clear the screen; no keys", 2 },
	{ "timestamp", 'T', NULL, 0, "hist: print the time before each interval (text output)", 2 },
	{ "per-file", 'F', NULL, 0, "hist: a set of histograms per file", 2 },
	{ "milliseconds", 'm', NULL, 0, "hist: in milliseconds (default: nanoseconds)", 2 },
	{ "microseconds", 'u', NULL, 0, "hist: in microseconds", 2 },
	{ "json", 'j', NULL, 0, "one JSON object per interval (docs/xiptop.md)", 2 },
	{ "csv", OPT_CSV, NULL, 0, "CSV: a line per row (hist: per bucket) and interval, a header first", 2 },
	{ "prometheus", OPT_PROMETHEUS, "ADDR:PORT", OPTION_ARG_OPTIONAL,
	  "serve /metrics in the Prometheus text format, per file system (default "
	  XT_PROMETHEUS_DEFAULT "; :PORT: every address)", 2 },
	{ "prometheus-files", OPT_PROMETHEUS_FILES, "N", 0,
	  "also series for the N files that took the most fault time (default 0)", 2 },
	{ NULL, 0, NULL, 0, "Limits and hooks:", 3 },
	{ "max-files", OPT_MAX_FILES, "N", 0, "rows tracked at most (default 16384, fewer on many CPUs)", 3 },
	{ "hook", OPT_HOOK, "HOOK", 0, "auto (default: the cheapest loadable), tp_btf, raw_tp or tp", 3 },
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

/*
 * Every combination of options either works or is refused here, with what
 * to do instead: none is silently ignored.
 */
static error_t check_combination(struct parse_state *ps, const struct xt_env *env)
{
	bool text = env->output == XT_OUT_TOP;	/* the screen or hist's text */
	bool screen = text && !env->hist && !env->prometheus;	/* not a scrape target's */

	if (env->per_process && env->per_cgroup)
		return bad(ps, "--per-process and --per-cgroup do not go together: pick one");
	if (env->doctor && (env->output == XT_OUT_CSV || env->prometheus || env->rows || env->sort_set ||
			    env->noclear || env->timestamp || env->unit || env->per_file || !env->timing))
		return bad(ps, "'xiptop doctor' takes filters (-p -c -d -M -f), --json and SECONDS");
	if (env->doctor && (env->per_process || env->per_cgroup))
		return bad(ps, "'xiptop doctor' judges files: -p or -c picks the processes, without %s",
			   env->per_process ? "--per-process" : "--per-cgroup");
	if (env->dev && env->mount)
		return bad(ps, "--dev and --mount both name a file system: pick one");
	if (env->every_fault && !env->timing)
		return bad(ps, "--every-fault times faults: drop --no-latency");
	if (env->hist && !env->timing)
		return bad(ps, "'xiptop hist' shows latencies: drop --no-latency");
	if (env->per_file && !env->hist)
		return bad(ps, "--per-file is for 'xiptop hist'");
	if (env->unit && !env->hist)
		return bad(ps, "--%s is for 'xiptop hist' (the screen scales its own units)",
			   env->unit == 'm' ? "milliseconds" : "microseconds");
	if (env->hist && !env->per_file && (env->sort_set || env->rows))
		return bad(ps, "%s orders or limits hist's files: add --per-file",
			   env->sort_set ? "--sort" : "--rows");
	if (env->rows && !env->hist && !screen && env->output != XT_OUT_JSON)
		return bad(ps, "--rows is for the screen, JSON and hist -F: %s",
			   text ? "the exporter alone shows no rows" : "CSV carries every row");
	if (env->sort_set && !env->hist && text && !screen)
		return bad(ps, "--sort orders the screen's, JSON's and CSV's rows: the exporter alone has none");
	if (env->prometheus_files && !env->prometheus)
		return bad(ps, "--prometheus-files is for --prometheus");
	if (env->prometheus && env->path_prefix)
		return bad(ps, "--path filters the screen, JSON and CSV; --prometheus sums every file of a file system: run two xiptops");
	if (env->prometheus && !env->prometheus_files && text && !env->hist &&
	    (env->per_process || env->per_cgroup))
		return bad(ps, "%s shows in --prometheus-files' series only: add it, or drop the option",
			   env->per_process ? "--per-process" : "--per-cgroup");
	if (env->path_prefix && env->hook == XL_HOOK_TP)
		return bad(ps, "--path needs paths, which --hook tp has not (its records carry no inode)");
	if (!env->timing && (env->sort == XT_SORT_P50 || env->sort == XT_SORT_P99))
		return bad(ps, "--sort %s needs latencies: drop --no-latency", env->sort == XT_SORT_P50 ? "p50" : "p99");
	if (env->hist && env->per_file && (env->per_process || env->per_cgroup))
		return bad(ps, "hist -F shows a set per file: drop %s",
			   env->per_process ? "--per-process" : "--per-cgroup");
	if (env->noclear && !screen)
		return bad(ps, "--noclear is for the top screen (JSON, CSV and hist never clear it)");
	if (env->timestamp && !(env->hist && text))
		return bad(ps, "--timestamp is for hist's text: %s",
			   text ? "the screen shows the time in its header" :
			   "JSON and CSV carry a timestamp always");
	return 0;
}

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
	case 'c':
		env->cgroup = arg;
		break;
	case 'd':
		env->dev = arg;
		break;
	case 'M':
		env->mount = arg;
		break;
	case 'T':
		env->timestamp = 1;
		break;
	case 'm':
	case 'u':
		if (env->unit && env->unit != key)
			return bad(ps, "--milliseconds and --microseconds: pick one");
		env->unit = key;
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
		env->page_cache_auto = 0;	/* asked for: its failure is an error, even in doctor */
		break;
	case OPT_NO_LATENCY:
		env->timing = 0;
		break;
	case OPT_EVERY_FAULT:
		env->every_fault = 1;
		break;
	case 's':
		i = xt_sort_parse(arg);
		if (i < 0)
			return bad(ps, "--sort: no key '%s'; keys: faults major pte pmd fallback hole cow zero io p50 p99 path",
				   arg);
		env->sort = i;
		env->sort_set = 1;
		break;
	case 'r':
		if (!strcmp(arg, "all"))
			v = XT_ROWS_ALL;
		else if (xl_parse_long(arg, 1, 100000, &v))
			return bad(ps, "--rows takes a number from 1, or all, not '%s'", arg);
		env->rows = v;
		break;
	case 'C':
		env->noclear = 1;
		break;
	case 'F':
		env->per_file = 1;
		break;
	case 'j':
	case OPT_CSV:
		if (env->output != XT_OUT_TOP && env->output != (key == 'j' ? XT_OUT_JSON : XT_OUT_CSV))
			return bad(ps, "--json and --csv: pick one");
		env->output = key == 'j' ? XT_OUT_JSON : XT_OUT_CSV;
		break;
	case OPT_PROMETHEUS:
		if (arg && !strchr(arg, ':'))
			return bad(ps, "--prometheus takes ADDR:PORT or :PORT, not '%s'", arg);
		env->prometheus = arg ? arg : XT_PROMETHEUS_DEFAULT;
		break;
	case OPT_PROMETHEUS_FILES:
		if (xl_parse_long(arg, 0, 100000, &v))
			return bad(ps, "--prometheus-files takes a number from 0 to 100000, not '%s'", arg);
		env->prometheus_files = v;
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
		if (strchr(arg, ':'))	/* "--prometheus ADDR:PORT": the address is optional, so '=' */
			return bad(ps, "'%s' is no INTERVAL: give an address as --prometheus=%s", arg, arg);
		if (ps->pos == 0) {
			errno = 0;
			env->interval = strtod(arg, &end);
			if (errno || end == arg || *end || !(env->interval >= 0.01 && env->interval <= 86400))
				return bad(ps, "INTERVAL is seconds from 0.01 to 86400, not '%s'", arg);
		} else if (ps->pos == 1 && env->doctor) {
			return bad(ps, "'xiptop doctor' takes SECONDS only, not '%s'", arg);
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
		return check_combination(ps, env);
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
	"The xip kernel series adds COW sources, all fallback reasons and major 2 MiB faults; "
	"on other kernels xiptop derives what it can and shows the rest as unavailable "
	"(docs/xiptop.md has the table). See xiptop(8).\n\n"
	"EXAMPLES:\n"
	"    xiptop                  # files by DAX faults, refreshed every second\n"
	"    xiptop -M /mnt/pmem 5   # only that file system, every 5 seconds\n"
	"    xiptop -d pmem0 -s p99  # only /dev/pmem0, slowest faults first\n"
	"    xiptop -p 1234 -P       # one process, a row per file and process\n"
	"    xiptop -c /sys/fs/cgroup/db.slice  # only that cgroup's processes\n"
	"    xiptop hist -u 10 1     # fault latency histograms in microseconds, once\n"
	"    xiptop doctor 30        # what is wrong, what it costs, the fix (30 s)\n"
	"    xiptop hist -F -r 3     # histograms of the 3 busiest files\n"
	"    xiptop --json 1 60 > faults.jsonl   # a minute of JSON lines\n"
	"    xiptop --prometheus     # serve /metrics on " XT_PROMETHEUS_DEFAULT "\n"
	"    xiptop --prometheus=[::]:9972 --prometheus-files 20  # every address; 20 files too";

enum xl_args xt_parse_args(int argc, char **argv, struct xt_env *env, char *err, size_t errlen)
{
	static const struct argp argp = {
		.options = options,
		.parser = parse_arg,
		.args_doc = "[INTERVAL [COUNT]]\nhist [INTERVAL [COUNT]]\ndoctor [SECONDS]",
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
	if (argc > 1 && (!strcmp(argv[1], "hist") || !strcmp(argv[1], "doctor"))) {
		if (!strcmp(argv[1], "hist")) {
			env->hist = 1;
		} else {	/* one interval of SECONDS, then the findings */
			env->doctor = 1;
			env->interval = 10;
			env->count = 1;
			/* not-dax needs page-cache faults: asked for here, dropped where kprobes fail */
			env->page_cache = env->page_cache_auto = 1;
		}
		argv[1] = argv[0];	/* parse the rest as if the subcommand were the program */
		argc--;
		argv++;
	}
	return xl_argp_parse(&argp, argc, argv, &ps, &env->verbose, err, errlen);
}

void xt_bpf_opts(const struct xt_env *env, unsigned int kdev, struct xl_bpf_opts *o)
{
	*o = (struct xl_bpf_opts){
		.timing = env->timing, .every_fault = env->every_fault, .per_process = env->per_process,
		.per_cgroup = env->per_cgroup, .page_cache = env->page_cache,
		.tgid = env->tgid, .kdev = kdev, .max_files = env->max_files, .hook = env->hook,
		.verbose = env->verbose, .cgroup = env->cgroup,
	};
}
