// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop: which files take which DAX (XIP) faults, how many, how long.
 *
 *   xiptop [OPTIONS] [INTERVAL [COUNT]]        top-like screen, --json, --csv
 *   xiptop hist [OPTIONS] [INTERVAL [COUNT]]   log2 latency histograms
 *
 * The kernel side (bpf/xiptop.bpf.c) aggregates per file in maps; every
 * interval this reads them, takes the difference with the previous read,
 * names the files and shows the result. See docs/xiptop.md and xiptop(8).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "kernel.h"
#include "names.h"
#include "output.h"
#include "promsrv.h"
#include "screen.h"

struct app {
	struct xt_env env;
	struct xt_kernel *k;
	struct xt_have have;
	struct xt_mounts mounts;
	struct xt_names paths, comms, cgroups;
	struct xt_snapshot old, cur, delta, prom;
	struct xt_row *rows;
	size_t caprows;
	struct xt_view view;		/* the last interval's, for redrawing */
	int clear, keys;		/* top screen: redraw in place; read keys */
	int hist_view;			/* keys: histograms of the selected row */
	int selected;
	struct xip_file_key selected_key;
	int prom_fd;
	struct timespec t0;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - t0->tv_sec + (now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The row's names, each worked out once and cached. */
static void name_row(struct app *a, struct xt_row *r)
{
	const struct xip_file_key *k = &r->f->key;
	const char *s = xt_names_get(&a->paths, k->dev, k->ino);
	struct xip_path p;
	char comm[XIP_COMM_LEN];

	if (!s) {
		/* "" caches "unknown", so a missing path costs one lookup, not one per interval */
		s = xt_names_put(&a->paths, k->dev, k->ino,
				 xt_kernel_path(a->k, k->dev, k->ino, &p) ? strdup("") :
				 xt_path_join(&a->mounts, k->dev, k->ino, &p));
	}
	r->path = s && *s ? s : NULL;
	if (a->have.per_process) {
		s = xt_names_get(&a->comms, k->tgid, 0);
		if (!s)
			s = xt_names_put(&a->comms, k->tgid, 0,
					 strndup(xt_kernel_comm(a->k, k->tgid, comm) ? "?" : comm,
						 XIP_COMM_LEN));
		r->comm = s;
	}
	if (a->have.per_cgroup) {
		s = xt_names_get(&a->cgroups, k->cgroup, 0);
		if (!s)
			s = xt_names_put(&a->cgroups, k->cgroup, 0,
					 xt_cgroup_path("/sys/fs/cgroup", k->cgroup));
		r->cgroup = s;
	}
}

static int wanted(const struct app *a, const struct xt_row *r)
{
	const char *pre = a->env.path_prefix;

	return !pre || (r->path && !strncmp(r->path, pre, strlen(pre)));
}

/*
 * Make a view of snapshot s: name its files, drop those --path does not
 * want (from s too, so the totals agree), build, sort and sum the rows.
 */
static int build_view(struct app *a, struct xt_snapshot *s, double interval, struct xt_view *v)
{
	/* what was lost and how full the map is: since start, before filtering */
	const struct xt_snapshot *cum = s == &a->delta ? &a->cur : s;
	size_t i, j, n = 0, tracked = cum->nfiles;
	uint64_t counters[XIP_NR_COUNTERS];
	struct xt_row r;

	memcpy(counters, cum->counters, sizeof(counters));

	if (s->nfiles > a->caprows) {
		struct xt_row *bigger = realloc(a->rows, s->nfiles * sizeof(*bigger));

		if (!bigger)
			return -ENOMEM;
		a->rows = bigger;
		a->caprows = s->nfiles;
	}
	if (a->env.path_prefix) {
		for (i = 0; i < s->nfiles; i++) {
			r.f = &s->files[i];
			name_row(a, &r);
			if (wanted(a, &r))
				s->files[n++] = s->files[i];
		}
		s->nfiles = n;
		for (i = j = 0; i < s->nhists; i++)
			if (xt_find_file(s, &s->hists[i].key.file))
				s->hists[j++] = s->hists[i];
		s->nhists = j;
	}
	xt_rows_build(s, a->rows);
	for (i = 0; i < s->nfiles; i++)
		name_row(a, &a->rows[i]);
	xt_rows_sort(a->rows, s->nfiles, a->env.sort);
	memset(v, 0, sizeof(*v));
	v->snap = s;
	v->rows = a->rows;
	v->nrows = s->nfiles;
	xt_totals(s, &v->totals);
	v->interval = interval;
	v->hook = xt_kernel_hook(a->k);
	v->have = a->have;
	memcpy(v->counters, counters, sizeof(v->counters));
	v->tracked = tracked;
	v->max_files = xt_kernel_max_files(a->k);
	return 0;
}

static void draw_top(struct app *a)
{
	struct xt_view *v = &a->view;
	int cols = 1000, lines = 0, i;
	size_t maxrows = a->env.rows ? (size_t)a->env.rows : 20;
	char clock[16], *buf = NULL;
	size_t len = 0;
	time_t now = time(NULL);
	FILE *f;

	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
	if (a->clear) {
		xt_screen_size(&cols, &lines);
		if (!a->env.rows)
			maxrows = lines > 6 ? lines - 6 : 1;
	}
	/* keep the selection on the same file when rows move */
	for (i = 0; a->keys && i < (int)v->nrows; i++)
		if (!memcmp(&v->rows[i].f->key, &a->selected_key, sizeof(a->selected_key)))
			a->selected = i;
	if (a->selected >= (int)v->nrows)
		a->selected = v->nrows ? (int)v->nrows - 1 : 0;
	if (a->selected >= (int)maxrows)
		a->selected = maxrows - 1;
	if (a->keys && v->nrows)
		a->selected_key = v->rows[a->selected].f->key;
	f = a->clear ? open_memstream(&buf, &len) : stdout;
	if (!f)
		return;
	if (a->clear)
		fputs("\033[H\033[2J", f);
	if (a->hist_view && v->nrows) {
		const struct xt_row *r = &v->rows[a->selected];

		fprintf(f, "xiptop %s  latency of %s (dev %u:%u ino %llu)  [esc: back, q: quit]\n", clock,
			r->path ? r->path : "?", r->f->key.dev >> 20, r->f->key.dev & 0xfffff,
			(unsigned long long)r->f->key.ino);
		xt_print_hists(f, v, r);
	} else {
		xt_print_top(f, v, maxrows, cols, a->keys ? a->selected : -1, a->env.sort, clock);
		if (!a->clear)
			fputc('\n', f);
	}
	if (a->clear) {
		fclose(f);
		fwrite(buf, 1, len, stdout);
		free(buf);
	}
	fflush(stdout);
}

static void print_hist_mode(struct app *a)
{
	struct xt_view *v = &a->view;
	char clock[16];
	time_t now = time(NULL);

	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
	printf("%s: %llu faults, %llu reads, %llu writes in %.2fs%s\n", clock,
	       (unsigned long long)v->totals.faults,
	       (unsigned long long)v->totals.st.io_count[XIP_READ],
	       (unsigned long long)v->totals.st.io_count[XIP_WRITE], v->interval,
	       v->counters[XIP_CTR_UNPAIRED] ? " (some ends had no start: see --json counters)" : "");
	if (!a->env.per_file) {
		xt_print_hists(stdout, v, NULL);
	} else {
		for (size_t i = 0; i < v->nrows && (!a->env.rows || (int)i < a->env.rows); i++) {
			const struct xt_row *r = &v->rows[i];

			printf("\n== %s (dev %u:%u ino %llu)\n", r->path ? r->path : "?", r->f->key.dev >> 20,
			       r->f->key.dev & 0xfffff, (unsigned long long)r->f->key.ino);
			xt_print_hists(stdout, v, r);
		}
	}
	putchar('\n');
	fflush(stdout);
}

/* One interval: read, take the difference, show. */
static int interval(struct app *a, double elapsed)
{
	struct xt_snapshot tmp;
	int err = xt_kernel_read(a->k, &a->cur);

	if (err)
		return err;
	a->cur.time = since(&a->t0);
	if (xt_snapshot_delta(&a->cur, &a->old, &a->delta) ||
	    build_view(a, &a->delta, elapsed, &a->view))
		return -ENOMEM;
	if (a->env.hist)
		print_hist_mode(a);
	else if (a->env.output == XT_OUT_JSON)
		xt_print_json(stdout, &a->view);
	else if (a->env.output == XT_OUT_CSV)
		xt_print_csv(stdout, &a->view);
	else if (a->env.output == XT_OUT_TOP)
		draw_top(a);
	fflush(stdout);
	tmp = a->old;
	a->old = a->cur;
	a->cur = tmp;
	return 0;
}

static void write_metrics(FILE *f, void *ctx)
{
	struct app *a = ctx;
	struct xt_view v;

	if (xt_kernel_read(a->k, &a->prom) || build_view(a, &a->prom, since(&a->t0), &v)) {
		fputs("# xiptop: cannot read its maps\n", f);
		return;
	}
	xt_print_prometheus(f, &v);
}

static void on_key(struct app *a, enum xt_key key)
{
	switch (key) {
	case XT_KEY_QUIT:
		stop = 1;
		return;
	case XT_KEY_SORT:
		a->env.sort = (a->env.sort + 1) % XT_NR_SORTS;
		xt_rows_sort(a->view.rows, a->view.nrows, a->env.sort);
		break;
	case XT_KEY_UP:
		if (a->selected > 0)
			a->selected--;
		break;
	case XT_KEY_DOWN:
		a->selected++;
		break;
	case XT_KEY_ENTER:
		a->hist_view = 1;
		break;
	case XT_KEY_BACK:
		a->hist_view = 0;
		break;
	default:
		return;
	}
	if (key == XT_KEY_UP || key == XT_KEY_DOWN) {
		if (a->selected >= (int)a->view.nrows)
			a->selected = a->view.nrows ? (int)a->view.nrows - 1 : 0;
		if (a->view.nrows)
			a->selected_key = a->view.rows[a->selected].f->key;
	}
	if (a->view.snap)
		draw_top(a);
}

static int run(struct app *a)
{
	double next = a->env.interval, last = 0;
	long printed = 0;
	int err = 0;

	while (!stop && (a->env.count < 0 || printed < a->env.count)) {
		struct pollfd fds[2];
		int nfds = 0, ms;
		double left = next - since(&a->t0);

		if (left > 0) {
			if (a->keys)
				fds[nfds++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
			if (a->prom_fd >= 0)
				fds[nfds++] = (struct pollfd){ .fd = a->prom_fd, .events = POLLIN };
			ms = (int)(left * 1000) + 1;
			if (poll(fds, nfds, ms) > 0) {
				for (int i = 0; i < nfds; i++) {
					if (!(fds[i].revents & POLLIN))
						continue;
					if (fds[i].fd == STDIN_FILENO)
						on_key(a, xt_screen_key());
					else
						xt_prom_serve(a->prom_fd, write_metrics, a);
				}
			}
			continue;	/* a key, a scrape, a signal, or time is up */
		}
		err = interval(a, since(&a->t0) - last);
		if (err)
			break;
		last = next;
		next += a->env.interval;
		printed++;
	}
	/* A signal ends the interval under way: printed output shows it too. */
	if (!err && stop && (a->env.count < 0 || printed < a->env.count) &&
	    (a->env.hist || a->env.output == XT_OUT_JSON || a->env.output == XT_OUT_CSV))
		err = interval(a, since(&a->t0) - last);
	return err;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: poll returns */
	static struct app app = { .prom_fd = -1 };
	struct app *a = &app;
	unsigned int kdev = 0;
	char err[512];
	int rc;

	if (xt_parse_args(argc, argv, &a->env, err, sizeof(err))) {
		fprintf(stderr, "xiptop: %s (see xiptop --help)\n", err);
		return 2;
	}
	if ((a->env.dev && xt_parse_dev(a->env.dev, 0, &kdev, err, sizeof(err))) ||
	    (a->env.mount && xt_parse_dev(a->env.mount, 1, &kdev, err, sizeof(err)))) {
		fprintf(stderr, "xiptop: %s\n", err);
		return 2;
	}
	if (a->env.prometheus && a->env.output == XT_OUT_TOP && !a->env.hist)
		a->env.output = XT_OUT_NONE;	/* a scrape target draws no screen */
	a->k = xt_kernel_open(&a->env, kdev, err, sizeof(err));
	if (!a->k) {
		fprintf(stderr, "xiptop: %s\n", err);
		return 1;
	}
	xt_kernel_have(a->k, &a->have);
	if (a->env.prometheus) {
		a->prom_fd = xt_prom_listen(a->env.prometheus, err, sizeof(err));
		if (a->prom_fd < 0) {
			fprintf(stderr, "xiptop: %s\n", err);
			xt_kernel_close(a->k);
			return 1;
		}
		fprintf(stderr, "xiptop: serving Prometheus metrics on http://%s/metrics\n",
			a->env.prometheus);
	}
	xt_mounts_load(&a->mounts, "/proc/self/mountinfo");	/* none: paths say [MAJ:MIN] */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	if (a->env.output == XT_OUT_TOP && !a->env.hist && !a->env.noclear && isatty(STDOUT_FILENO)) {
		a->clear = 1;
		a->keys = !xt_screen_start();
	}
	clock_gettime(CLOCK_MONOTONIC, &a->t0);
	rc = xt_kernel_read(a->k, &a->old);	/* the baseline: count from now */
	if (!rc && a->env.output == XT_OUT_CSV) {
		a->view.have = a->have;
		xt_print_csv_header(stdout, &a->view);
	}
	if (!rc)
		rc = run(a);
	xt_screen_stop();
	if (rc)
		fprintf(stderr, "xiptop: cannot read the BPF maps: %s\n", strerror(-rc));
	xt_kernel_close(a->k);
	if (a->prom_fd >= 0)
		close(a->prom_fd);
	xt_snapshot_free(&a->old);
	xt_snapshot_free(&a->cur);
	xt_snapshot_free(&a->delta);
	xt_snapshot_free(&a->prom);
	xt_names_free(&a->paths);
	xt_names_free(&a->comms);
	xt_names_free(&a->cgroups);
	xt_mounts_free(&a->mounts);
	free(a->rows);
	return rc ? 1 : 0;
}
