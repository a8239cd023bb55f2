// SPDX-License-Identifier: GPL-2.0
/* xipbench's command line (see args.h). */
#include <argp.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "args.h"
#include "error.h"
#include "parse.h"
#include "stdopts.h"

enum { OPT_NO_FAULTS = 0x100, OPT_ANY_DEVICE, OPT_REPEATS, OPT_SIZE, OPT_JSON, OPT_PLOT };

/*
 * No short option means here what it means to xiptop (-p PID, -r rows,
 * -s sort, -j JSON on standard output): those of xipbench's that would
 * clash are long only. -h, -V, -v come with every tool (stdopts.c).
 */
static const struct argp_option options[] = {
	{ "workloads", 'w', "LIST", 0, "run these (comma-separated; default: all, see --list)", 1 },
	{ "repeats", OPT_REPEATS, "N", 0, "runs of each workload on each file system (default 5)", 1 },
	{ "size", OPT_SIZE, "SIZE", 0, "bytes each workload covers: a multiple of 2m, 4m..64g (default 64m)", 1 },
	{ "threads", 't', "N", 0, "threads of mt-overwrite (default: online CPUs)", 1 },
	{ "no-faults", OPT_NO_FAULTS, NULL, 0, "do not load xiptop's BPF programs to report fault kinds", 1 },
	{ "any-device", OPT_ANY_DEVICE, NULL, 0, "compare file systems on different kinds of devices", 1 },
	{ "json", OPT_JSON, "FILE", 0, "write the results as JSON to FILE ('-': standard output)", 2 },
	{ "plot", OPT_PLOT, "FILE", 0, "plot DAX against the page cache into FILE (.svg or .png, gnuplot)", 2 },
	{ "noise", 'n', "PCT", 0, "flag results whose median's confidence interval is wider than PCT% of it (default 20)", 2 },
	{ "list", 'l', NULL, 0, "list the workloads and exit", 2 },
	{ "quiet", 'q', NULL, 0, "no progress lines on standard error", 2 },
	{},
};

static const char doc[] =
	"xipbench: ext4 (or XFS) on DAX against the same on the page cache, workload by workload.\v"
	"DAX_DIR must be on an ext4 or XFS mounted with -o dax, PAGECACHE_DIR on one of the "
	"same type without DAX, on a second device of the same kind and size. Each workload runs "
	"--repeats times on each, alternating; then once more under xiptop's BPF programs, "
	"untimed, to report the fault kinds the kernel saw. See xipbench(1) and docs/xipbench.md.\n\n"
	"EXAMPLES:\n"
	"    xipbench /mnt/dax /mnt/pc                 # every workload, 5 runs each\n"
	"    xipbench --list                           # the workloads\n"
	"    xipbench -w read-4k,pmd-read --repeats 3 --size 256m /mnt/dax /mnt/pc\n"
	"    xipbench --json r.json --plot r.svg /mnt/dax /mnt/pc  # results to keep";

struct parse_state {
	struct xb_env *env;
	char *err;
	size_t errlen;
	int pos;
	int others;		/* options but --list, -q and -v given */
	bool threads_set;
};

/* A bad command line: the message, and argp's error code. */
#define bad(ps, ...) (xl_errorf((ps)->err, (ps)->errlen, __VA_ARGS__), EINVAL)

static int parse_workloads(struct parse_state *ps, char *list)
{
	struct xb_env *env = ps->env;
	char *save, *name;

	env->nwork = 0;
	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct xb_workload *w = xb_workload_find(name);

		if (!w)
			return bad(ps, "no workload '%s' (xipbench --list shows them)", name);
		if (env->nwork == XB_MAX_WORKLOADS)
			return bad(ps, "--workloads: at most %d", XB_MAX_WORKLOADS);
		env->work[env->nwork++] = w;
	}
	if (!env->nwork)
		return bad(ps, "--workloads needs at least one name (xipbench --list shows them)");
	return 0;
}

/* Every combination of options works, or is refused here with what to do. */
static error_t check_combination(struct parse_state *ps, const struct xb_env *env)
{
	bool mt = false;

	if (env->list)
		return ps->pos || ps->others ? bad(ps, "--list takes nothing else: it lists the workloads") : 0;
	if (ps->pos < 2)
		return bad(ps, "give two directories: DAX_DIR (ext4 or XFS -o dax) and PAGECACHE_DIR (the same, dax=never)");
	for (size_t i = 0; i < env->nwork; i++)
		mt |= !strcmp(env->work[i]->name, "mt-overwrite");
	if (ps->threads_set && !mt)
		return bad(ps, "--threads is for mt-overwrite, which -w leaves out");
	if (!env->faults && env->verbose)
		return bad(ps, "-v shows libbpf's loading, which --no-faults skips");
	return 0;
}

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	struct parse_state *ps = state->input;
	struct xb_env *env = ps->env;
	unsigned long size;
	char *end;
	long v;

	if (key > 0 && key < ARGP_KEY_END && key != 'l' && key != 'q')
		ps->others++;	/* an option (argp's own keys are above ARGP_KEY_END) */
	switch (key) {
	case 'w':
		return parse_workloads(ps, arg);
	case OPT_REPEATS:
		if (xl_parse_long(arg, 1, XB_MAX_REPEATS, &v))
			return bad(ps, "--repeats takes 1 to %d, not '%s'", XB_MAX_REPEATS, arg);
		env->repeats = v;
		break;
	case OPT_SIZE:
		if (xl_parse_size(arg, &size) || size % XB_PMD || size < 2 * XB_PMD ||
		    size > (64UL << 30))
			return bad(ps, "--size takes a multiple of 2m from 4m to 64g (e.g. 64m), not '%s'",
				   arg);
		env->size = size;
		break;
	case 't':
		if (xl_parse_long(arg, 1, 1024, &v))
			return bad(ps, "--threads takes 1 to 1024, not '%s'", arg);
		env->threads = v;
		ps->threads_set = true;
		break;
	case OPT_JSON:
		env->json = arg;
		break;
	case OPT_PLOT:
		end = strrchr(arg, '.');
		if (!end || (strcmp(end, ".svg") && strcmp(end, ".png")))
			return bad(ps, "--plot writes .svg or .png files, not '%s'", arg);
		for (end = arg; *end; end++)	/* one would end the line of gnuplot's script */
			if ((unsigned char)*end < 0x20 || *end == 0x7f)
				return bad(ps, "--plot: the file name holds a control character");
		env->plot = arg;
		break;
	case 'n':
		errno = 0;
		env->noise = strtod(arg, &end) / 100;
		if (errno || end == arg || *end || !(env->noise > 0 && env->noise <= 10))	/* NaN too */
			return bad(ps, "--noise takes a percentage above 0, e.g. 20, not '%s'", arg);
		break;
	case OPT_NO_FAULTS:
		env->faults = 0;
		break;
	case OPT_ANY_DEVICE:
		env->any_device = 1;
		break;
	case 'l':
		env->list = 1;
		break;
	case 'q':
		env->quiet = 1;
		break;
	case ARGP_KEY_ARG:
		if (ps->pos == 0)
			env->dax_dir = arg;
		else if (ps->pos == 1)
			env->pc_dir = arg;
		else
			return bad(ps, "unexpected argument '%s': give DAX_DIR PAGECACHE_DIR", arg);
		ps->pos++;
		break;
	case ARGP_KEY_END:
		return check_combination(ps, env);
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

enum xl_args xb_parse_args(int argc, char **argv, struct xb_env *env, char *err, size_t errlen)
{
	static const struct argp argp = {
		.options = options,
		.parser = parse_arg,
		.args_doc = "DAX_DIR PAGECACHE_DIR",
		.doc = doc,
	};
	struct parse_state ps = { .env = env, .err = err, .errlen = errlen };
	size_t i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(env, 0, sizeof(*env));
	env->repeats = 5;
	env->size = 64UL << 20;
	env->threads = cpus > 0 ? cpus : 1;
	env->noise = 0.20;
	env->faults = 1;
	for (i = 0; i < xb_nr_workloads && i < XB_MAX_WORKLOADS; i++)
		env->work[env->nwork++] = &xb_workloads[i];
	return xl_argp_parse(&argp, argc, argv, &ps, &env->verbose, err, errlen);
}
