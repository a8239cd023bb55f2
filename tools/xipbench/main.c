// SPDX-License-Identifier: GPL-2.0
/*
 * xipbench: does DAX help this workload on this machine, and why?
 *
 *   xipbench [OPTIONS] DAX_DIR PAGECACHE_DIR
 *
 * Runs each workload (workloads.c) --repeats times on an ext4 mounted with
 * -o dax and on one without, alternating which goes first, then once more
 * on each under xiptop's BPF programs (tools/lib), untimed, to report the fault kinds
 * the kernel saw. Prints a table; --json and --plot write the same results
 * for programs and for people. See docs/xipbench.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "checks.h"
#include "args.h"
#include "escape.h"
#include "faults.h"
#include "pagefaults.h"
#include "report.h"

static volatile sig_atomic_t stop;
/* the two sides' files: a second signal removes them before it exits */
static struct xb_ctx side_ctx[XB_NR_SIDES];
/* --json FILE is written here, and renamed to FILE when it is whole */
static char json_tmp[PATH_MAX];

/*
 * The first SIGINT, SIGTERM or SIGHUP (a closed ssh session) ends the
 * run after the workload running, and reports what was done. A SIGINT or
 * SIGTERM after it does not wait: it removes the files and exits. A
 * second SIGHUP does nothing: a session's end may send two.
 */
static void on_signal(int sig)
{
	if (stop && sig == SIGHUP)
		return;
	if (stop) {
		static const char msg[] = "xipbench: interrupted again: files removed, nothing reported\n";

		ssize_t said = write(2, msg, sizeof(msg) - 1);

		(void)said;	/* nowhere to say it: exit all the same */
		for (int s = 0; s < XB_NR_SIDES; s++)
			xb_ctx_remove_files(&side_ctx[s]);
		if (json_tmp[0])
			unlink(json_tmp);
		_exit(130);
	}
	stop = 1;
}

/*
 * --json FILE: a file of its own beside FILE, renamed over it once the
 * report is written, so a run that fails or is interrupted leaves FILE
 * (an earlier run's results) as it was.
 */
static FILE *open_json(const char *path)
{
	struct stat st;
	mode_t mask;
	FILE *f;
	int fd;

	/* a device, a pipe, a symlink (/dev/stdout, >(jq .)): written as it is */
	if (!lstat(path, &st) && !S_ISREG(st.st_mode))
		return fopen(path, "w");

	if (snprintf(json_tmp, sizeof(json_tmp), "%s.XXXXXX", path) >= (int)sizeof(json_tmp)) {
		json_tmp[0] = 0;
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkstemp(json_tmp);
	if (fd < 0) {
		json_tmp[0] = 0;
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);	/* as fopen() would have made it (mkstemp: 0600) */
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(json_tmp);
		json_tmp[0] = 0;
	}
	return f;
}

static void describe_machine(struct xb_report *r)
{
	struct sysinfo si;
	struct utsname u;
	char line[256];
	time_t now = time(NULL);
	FILE *f;

	strftime(r->date, sizeof(r->date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if (!uname(&u))
		snprintf(r->kernel, sizeof(r->kernel), "%s", u.release);
	r->cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (!sysinfo(&si))
		r->mem_bytes = (unsigned long long)si.totalram * si.mem_unit;
	snprintf(r->cpu, sizeof(r->cpu), "unknown");
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(r->cpu, sizeof(r->cpu), "%s", colon + 2);
			r->cpu[strcspn(r->cpu, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
}

static const char *what_failed(int e)
{
	return e == -ENOSPC ? "not enough space (try a smaller --size)" : strerror(-e);
}

/* Everything a workload's runs collect before they become an xb_side. */
struct runs {
	double ops_s[XB_NR_SIDES][XB_MAX_REPEATS], mib_s[XB_NR_SIDES][XB_MAX_REPEATS];
	uint64_t *lat[XB_NR_SIDES];
	size_t nlat[XB_NR_SIDES];
	int n[XB_NR_SIDES];
};

/* What the untimed run counts from its loop's start: fault kinds, page faults. */
struct counting {
	struct xb_faults *faults;	/* NULL: no kinds */
	struct xb_pagefaults *pf;	/* NULL: no page faults */
	int err;
};

static void start_counting(void *arg)
{
	struct counting *c = arg;

	c->err = 0;
	if (c->faults)
		c->err = xb_faults_mark(c->faults);
	if (!c->err && c->pf)
		c->err = xb_pagefaults_start(c->pf);
}

static int run_once(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *res)
{
	memset(res, 0, sizeof(*res));
	c->seed++;
	return w->run(c, w, res);
}

static void run_workload(const struct xb_env *env, struct xb_ctx *ctx, struct xb_faults *faults,
			 int count_pagefaults, struct xb_report *rep, struct xb_outcome *o,
			 struct runs *runs)
{
	struct counting counting = { faults, NULL, 0 };
	struct xb_pagefaults pf;
	uint64_t ops = xb_workload_ops(o->w, env->size);
	struct xb_result res;
	int rep_i, k, s, e;

	for (s = 0; s < XB_NR_SIDES; s++) {
		runs->n[s] = 0;
		runs->nlat[s] = 0;
		o->side[s].ops = ops;
	}
	for (rep_i = 0; rep_i < env->repeats && !stop; rep_i++) {
		for (k = 0; k < XB_NR_SIDES; k++) {
			s = rep_i % 2 ? XB_NR_SIDES - 1 - k : k;	/* alternate who goes first */
			if (o->side[s].error)
				continue;
			o->side[s].error = run_once(&ctx[s], o->w, &res);
			if (o->side[s].error || !res.ns)
				continue;
			runs->ops_s[s][runs->n[s]] = res.ops * 1e9 / res.ns;
			runs->mib_s[s][runs->n[s]] = res.bytes * 1e9 / res.ns / 1048576;
			runs->n[s]++;
			memcpy(runs->lat[s] + runs->nlat[s], ctx[s].lat, res.nlat * sizeof(uint64_t));
			runs->nlat[s] += res.nlat;
		}
	}
	for (s = 0; s < XB_NR_SIDES; s++) {
		struct xb_side *side = &o->side[s];

		if (side->error)
			continue;
		if (!runs->n[s]) {
			side->error = -EINTR;
			continue;
		}
		xb_side_set(side, runs->ops_s[s], runs->mib_s[s], runs->n[s], runs->lat[s],
			    runs->nlat[s], env->noise);
		if ((!faults && !count_pagefaults) || stop)
			continue;
		/*
		 * One more run, untimed, for the faults its loop takes (its
		 * set-up, e.g. warming the cache, is not counted). Its own perf
		 * counters: an inherited counter keeps the counts of threads
		 * that ended (mt-overwrite's) through a reset, and a software
		 * counter, once open, costs every fault a lookup.
		 */
		counting.pf = count_pagefaults && !xb_pagefaults_open(&pf, NULL, 0) ? &pf : NULL;
		counting.err = -1;	/* until the loop begins */
		ctx[s].loop_begins = start_counting;
		ctx[s].loop_arg = &counting;
		e = faults ? xb_faults_attach(faults, NULL, 0) : 0;
		if (!e)
			e = run_once(&ctx[s], o->w, &res);
		if (faults)
			xb_faults_detach(faults);
		ctx[s].loop_begins = NULL;
		if (counting.pf && !e && !counting.err)
			side->have_pagefaults = !xb_pagefaults_stop(&pf, &side->pf_minor, &side->pf_major);
		if (counting.pf)
			xb_pagefaults_close(&pf);
		if (e || counting.err || !faults)
			continue;
		side->have_faults = !xb_faults_since(faults, rep->fs[s].kdev, res.ino, res.gen, res.nino,
						     &side->faults, &side->faults_lost);
	}
}

/* One line, and safe: messages quote the directories and files given. */
static int fatal(const char *msg)
{
	char safe[1024];

	snprintf(safe, sizeof(safe), "%s", msg);
	xl_one_line(safe, sizeof(safe));
	fprintf(stderr, "xipbench: %s\n", safe);
	return 1;
}

int main(int argc, char **argv)
{
	struct xb_report rep = { 0 };
	struct xb_faults *faults = NULL;
	struct xb_pagefaults pagefaults = { { -1, -1 } };
	struct runs *runs = NULL;
	struct xb_env env;
	char err[512], safe_dir[4 * PATH_MAX];
	int s, e, failed = 0, opened = 0;
	FILE *json = NULL;
	size_t i;

	switch (xb_parse_args(argc, argv, &env, err, sizeof(err))) {
	case XL_ARGS_GO:
		break;
	case XL_ARGS_DONE:
		return 0;
	default:
		fprintf(stderr, "xipbench: %s (see xipbench --help)\n", err);
		return 2;
	}
	if (env.list) {
		for (i = 0; i < xb_nr_workloads; i++)
			printf("%-20s %s\n", xb_workloads[i].name, xb_workloads[i].what);
		return 0;
	}
	if (xb_fs_probe(env.dax_dir, &rep.fs[XB_DAX], err, sizeof(err)) ||
	    xb_fs_probe(env.pc_dir, &rep.fs[XB_PAGECACHE], err, sizeof(err)) ||
	    xb_fs_compare(&rep.fs[XB_DAX], &rep.fs[XB_PAGECACHE], 2ULL * env.size + (16 << 20),
			  env.any_device, err, sizeof(err)))
		return fatal(err);
	if (env.json && strcmp(env.json, "-") && !(json = open_json(env.json))) {
		snprintf(err, sizeof(err), "cannot write %s: %s", env.json, strerror(errno));
		return fatal(err);
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (signal(SIGHUP, on_signal) == SIG_IGN)
		signal(SIGHUP, SIG_IGN);	/* nohup's: it stays ignored */
	signal(SIGPIPE, SIG_IGN);
	describe_machine(&rep);
	rep.size = env.size;
	rep.repeats = env.repeats;
	rep.threads = env.threads;
	rep.noise = env.noise;
	if (env.faults) {
		faults = xb_faults_open(env.verbose, rep.faults_why, sizeof(rep.faults_why));
		if (faults) {
			rep.faults_hook = xb_faults_hook(faults);
			rep.have = *xb_faults_caps(faults);
		} else if (!env.quiet) {
			fprintf(stderr, "xipbench: no fault kinds in the report: %s\n", rep.faults_why);
		}
	} else {
		snprintf(rep.faults_why, sizeof(rep.faults_why), "--no-faults");
	}
	if (env.faults) {
		/* can they be counted? (each untimed run opens its own: pagefaults.h) */
		rep.pagefaults = !xb_pagefaults_open(&pagefaults, rep.pagefaults_why,
						     sizeof(rep.pagefaults_why));
		xb_pagefaults_close(&pagefaults);
		if (!rep.pagefaults && !env.quiet)
			fprintf(stderr, "xipbench: no page-fault counts in the report: %s\n",
				rep.pagefaults_why);
	} else {
		snprintf(rep.pagefaults_why, sizeof(rep.pagefaults_why), "--no-faults");
	}

	rep.out = calloc(env.nwork, sizeof(*rep.out));
	runs = calloc(1, sizeof(*runs));
	if (!rep.out || !runs)
		goto nomem;
	for (s = 0; s < XB_NR_SIDES; s++) {
		runs->lat[s] = malloc(env.repeats * (env.size / XB_PAGE) * sizeof(uint64_t));
		if (!runs->lat[s])
			goto nomem;
	}
	for (s = 0; s < XB_NR_SIDES && !stop; s++, opened++) {
		e = xb_ctx_open(&side_ctx[s], rep.fs[s].dir, env.size, env.threads);
		if (e) {
			snprintf(err, sizeof(err), "cannot write the data file in %s: %s",
				 rep.fs[s].dir, what_failed(e));
			failed = -1;
			goto out;
		}
	}
	for (i = 0; i < env.nwork && !stop; i++) {
		struct xb_outcome *o = &rep.out[rep.nout++];

		o->w = env.work[i];
		run_workload(&env, side_ctx, faults, rep.pagefaults, &rep, o, runs);
		if (stop) {		/* this one is incomplete */
			rep.nout--;
			break;
		}
		for (s = 0; s < XB_NR_SIDES; s++) {
			if (o->side[s].error && o->side[s].error != -EINTR) {
				fprintf(stderr, "xipbench: %s on %s: %s\n", o->w->name,
					xl_term_str(safe_dir, sizeof(safe_dir), rep.fs[s].dir),
					what_failed(o->side[s].error));
				failed = 1;
			}
		}
		if (!env.quiet && !o->side[0].error && !o->side[1].error)
			fprintf(stderr, "xipbench: %-20s dax %9.1f MiB/s, page cache %9.1f MiB/s\n",
				o->w->name, o->side[XB_DAX].mib_s.median,
				o->side[XB_PAGECACHE].mib_s.median);
	}
	if (stop && !rep.nout) {	/* an earlier run's --json FILE is worth more than nothing */
		if (!env.quiet)
			fprintf(stderr, "xipbench: interrupted before a workload finished: nothing reported\n");
		goto out;
	}
	if (stop && !env.quiet)
		fprintf(stderr, "xipbench: interrupted: reporting the %zu workloads done\n",
			rep.nout);

	xb_print_table(env.json && !strcmp(env.json, "-") ? stderr : stdout, &rep);
	if (env.json) {
		FILE *f = json ? json : stdout;

		xb_print_json(f, &rep);
		/* ferror(): a write that failed before the last flush */
		errno = 0;
		if ((ferror(f) | (json ? fclose(json) : fflush(stdout))) ||
		    (json && json_tmp[0] && rename(json_tmp, env.json))) {
			fprintf(stderr, "xipbench: cannot write %s: %s\n",
				xl_term_str(safe_dir, sizeof(safe_dir), env.json),
				errno ? strerror(errno) : "a write failed");
			failed = 1;
		} else {
			json_tmp[0] = 0;
		}
		json = NULL;
	}
	if (env.plot && rep.nout && xb_plot(&rep, env.plot, err, sizeof(err))) {
		fatal(err);
		failed = 1;
	}
	goto out;
nomem:
	snprintf(err, sizeof(err), "out of memory: try a smaller --size or fewer --repeats");
	failed = -1;
out:
	for (s = 0; s < opened; s++)
		xb_ctx_close(&side_ctx[s]);
	if (json)
		fclose(json);
	if (json_tmp[0])	/* renamed, or never whole */
		unlink(json_tmp);
	xb_faults_close(faults);
	xb_pagefaults_close(&pagefaults);
	if (runs)
		for (s = 0; s < XB_NR_SIDES; s++)
			free(runs->lat[s]);
	free(runs);
	free(rep.out);
	if (failed < 0)
		return fatal(err);
	return stop ? 130 : failed;
}
