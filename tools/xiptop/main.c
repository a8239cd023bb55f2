// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop: which files take which DAX (XIP) faults, how many, how long.
 *
 *   xiptop [OPTIONS] [INTERVAL [COUNT]]        top-like screen, --json, --csv
 *   xiptop hist [OPTIONS] [INTERVAL [COUNT]]   log2 latency histograms
 *
 * The kernel side (bpf/xiptop.bpf.c) aggregates per file in maps; every
 * interval loop.c reads them (tools/lib), takes the difference with the
 * previous read, builds a view (view.c) and formats it (output_*.c). This
 * file sets that up and tears it down. See docs/design.md, docs/xiptop.md
 * and xiptop(8).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "app.h"
#include "http.h"
#include "escape.h"
#include "privs.h"
#include "sysinfo.h"
#include "loader.h"
#include "maps.h"
#include "numa.h"
#include "output.h"
#include "parse.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* --dev or --mount as the kernel numbers it; 0 with neither. 0 or -1 with err. */
static int filter_dev(const struct xt_env *env, unsigned int *kdev, char *err, size_t errlen)
{
	*kdev = 0;
	if (env->dev)
		return xl_parse_dev(env->dev, 0, "--dev", kdev, err, errlen);
	if (env->mount)
		return xl_parse_dev(env->mount, 1, "--mount", kdev, err, errlen);
	return 0;
}

/* Load the programs and open what the options ask for; 0, or the exit status (1, or 2 for a bad --dev) with err. */
static int start(struct xt_app *a, char *err, size_t errlen)
{
	struct xl_bpf_opts opts;
	struct xl_bpf_error e;
	unsigned int kdev;
	bool kept_bpf;

	if (filter_dev(&a->env, &kdev, err, errlen))
		return 2;
	xt_bpf_opts(&a->env, kdev, &opts);
	a->bpf = xl_bpf_open(&opts, &e);
	if (!a->bpf && e.code == XL_BPF_PAGE_CACHE && a->env.doctor && a->env.page_cache_auto) {
		/* doctor asked for page-cache faults itself: without kprobes, not-dax goes unchecked */
		a->env.page_cache = 0;
		opts.page_cache = false;
		a->bpf = xl_bpf_open(&opts, &e);
	}
	if (!a->bpf) {
		xl_bpf_strerror(&e, err, errlen);
		return 1;
	}
	a->caps = xl_bpf_caps(a->bpf);
	if (a->env.prometheus) {
		a->http = xt_http_start(a->env.prometheus, xt_write_metrics, a, err, errlen);
		if (!a->http)
			return 1;
		if (a->env.prometheus[0] == ':')	/* every address: no URL to give */
			fprintf(stderr, "xiptop: serving Prometheus metrics on port %s of every address (/metrics)\n",
				a->env.prometheus + 1);
		else
			fprintf(stderr, "xiptop: serving Prometheus metrics on http://%s/metrics\n",
				a->env.prometheus);
	}
	xt_namer_init(&a->namer, a->bpf, a->caps, "/proc/self/mountinfo");
	a->kdev = kdev;
	if (xt_fsinfo_load(&a->fsinfo, &a->nfsinfo, &a->namer.mounts, "/sys", kdev)) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	a->mounts_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	/* attached, listening: reading the maps needs no capability (privs.h) */
	if (xl_privs_drop(a->bpf, a->env.doctor, &kept_bpf, err, errlen))
		return 1;
	if (kept_bpf && a->env.verbose)
		fprintf(stderr, "xiptop: this kernel reads BPF maps only with CAP_BPF: kept it\n");
	return 0;
}

/* Doctor counts faults per (device, NUMA node) as it reads the maps: numa-remote. */
static int doctor_numa(struct xt_app *a)
{
	int ncpus = libbpf_num_possible_cpus();

	if (ncpus <= 0)
		return 0;	/* then numa-remote is not judged */
	a->cpu_node = calloc(ncpus, sizeof(*a->cpu_node));
	if (!a->cpu_node)
		return -1;
	xl_cpu_nodes(a->cpu_node, ncpus, "/sys");
	/* the interval's read, and a long interval's parts (they swap: both) */
	a->delta.cpu_node = a->carry.cpu_node = a->part.cpu_node = a->cpu_node;
	a->delta.ncpu_node = a->carry.ncpu_node = a->part.ncpu_node = ncpus;
	return 0;
}

static void finish(struct xt_app *a)
{
	xt_screen_stop();
	xl_bpf_close(a->bpf);
	xt_http_stop(a->http);
	if (a->mounts_fd >= 0)
		close(a->mounts_fd);
	xl_gone_list_free(&a->gone);
	xl_snapshot_free(&a->cur);
	xl_snapshot_free(&a->delta);
	xl_snapshot_free(&a->carry);
	xl_snapshot_free(&a->part);
	xl_snapshot_free(&a->prom);
	xt_view_free(&a->view);
	xt_view_free(&a->prom_view);
	xt_fsrows_free(&a->fsrows);
	xt_fsrows_free(&a->retired);
	xt_findings_free(&a->findings);
	xt_findings_free(&a->prom_findings);
	free(a->fsinfo);
	free(a->cpu_node);
	xt_nothp_free(&a->nothp);
	xt_namer_free(&a->namer);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: poll returns */
	static struct xt_app app = { .mounts_fd = -1 };
	struct xt_app *a = &app;
	char err[512];
	int rc;

	/* empty and summed: a long interval's first part adds its sums to these */
	xl_snapshot_clear(&a->carry);
	xl_snapshot_clear(&a->part);
	switch (xt_parse_args(argc, argv, &a->env, err, sizeof(err))) {
	case XL_ARGS_GO:
		break;
	case XL_ARGS_DONE:
		return 0;
	default:
		fprintf(stderr, "xiptop: %s (see xiptop --help)\n", err);
		return 2;
	}
	if (a->env.prometheus && a->env.output == XT_OUT_TOP && !a->env.hist)
		a->env.output = XT_OUT_NONE;	/* a scrape target draws no screen */
	/*
	 * Only this thread writes standard output (the exporter's writes
	 * sockets): stdio need not lock it at every call, which at 10,000
	 * rows an interval cost a tenth of xiptop's time; and a larger buffer
	 * writes an interval in fewer calls.
	 */
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	rc = start(a, err, sizeof(err));
	if (rc) {
		xl_one_line(err, sizeof(err));
		fprintf(stderr, "xiptop: %s\n", err);
		finish(a);
		return rc;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/*
	 * A scraper that hangs up must never end xiptop (sends also use
	 * MSG_NOSIGNAL); a reader of standard output that goes away does,
	 * quietly, when the next write fails with EPIPE.
	 */
	signal(SIGPIPE, SIG_IGN);
	a->top.sort = a->env.sort;
	a->top.rows = a->env.rows;
	if (a->env.output == XT_OUT_TOP && !a->env.hist && !a->env.doctor && !a->env.noclear &&
	    isatty(STDOUT_FILENO)) {
		a->top.clear = true;
		a->top.keys = !xt_screen_start();
	}
	clock_gettime(CLOCK_MONOTONIC, &a->t0);
	if (a->env.doctor && doctor_numa(a)) {
		fprintf(stderr, "xiptop: out of memory\n");
		finish(a);
		return 1;
	}
	rc = xl_maps_changes(a->bpf, &a->delta, 0);	/* the baseline: count from now */
	if (!rc && a->env.doctor)	/* a reader (and a test) knows the watch has begun */
		fprintf(stderr, "xiptop doctor: watching DAX faults for %g s (Ctrl-C ends it sooner)\n",
			a->env.interval);
	if (!rc && a->env.output == XT_OUT_CSV) {
		if (a->env.hist)
			xt_print_hist_csv_header(stdout);
		else
			xt_print_csv_header(stdout, a->caps);
		fflush(stdout);	/* a reader sees at once that xiptop is attached */
	}
	if (!rc)
		rc = xt_run(a, &stop);
	finish(a);	/* the terminal back first: the message must be readable */
	if (rc == -EPIPE)
		return 0;	/* its reader is done (xiptop --json | head -1) */
	if (rc)
		fprintf(stderr, "xiptop: %s: %s\n", rc == -EIO ? "cannot write the output" :
			"cannot read the BPF maps", strerror(rc == -EIO ? errno : -rc));
	return rc ? 1 : 0;
}
