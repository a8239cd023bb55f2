// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop's loop: wait for the next interval while serving keys and
 * scrapes; at each interval read the maps, take the difference with the
 * last read, build the view and hand it to its output.
 */
#include <errno.h>
#include <stdlib.h>
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "app.h"
#include "http.h"
#include "loader.h"
#include "maps.h"
#include "output.h"
#include "sysinfo.h"

double xt_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - t0->tv_sec + (now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* counters: what could not be recorded, since start */
static void view_src(const struct xt_app *a, const uint64_t *counters, double interval,
		     struct xt_view_src *src)
{
	*src = (struct xt_view_src){
		.counters = counters, .tracked = xl_maps_tracked(a->bpf), .interval = interval,
		.hook = xl_bpf_hook(a->bpf), .caps = a->caps,
		.max_files = xl_bpf_max_files(a->bpf), .sort = a->top.sort,
		.path_prefix = a->env.path_prefix, .life = a->life,
	};
	clock_gettime(CLOCK_REALTIME, &src->wall);
}

/*
 * The rows an interval's output shows: the screen's first ones, or
 * --json's first N (20, or -r N; only those are named, given percentiles
 * and findings); 0: every row (-r all).
 */
static size_t shown_rows(const struct xt_app *a)
{
	int cols;

	if (a->env.hist || a->env.doctor)
		return 0;
	if (a->env.output == XT_OUT_JSON)
		return a->env.rows == XT_ROWS_ALL ? 0 : a->env.rows ? (size_t)a->env.rows : XT_DEFAULT_ROWS;
	if (a->env.output != XT_OUT_TOP)
		return 0;
	return xt_top_rows(&a->top, &cols);
}

/* -m, -u: hist's unit in ns */
static uint64_t unit_div(const struct xt_env *env)
{
	return env->unit == 'm' ? 1000000 : env->unit == 'u' ? 1000 : 1;
}

/* Format the view; 0, or -EPIPE (the reader went away) or -EIO (another write error). */
static int show(struct xt_app *a)
{
	const struct xt_env *env = &a->env;
	char clock[16];
	time_t now = time(NULL);
	struct tm tm;

	if (env->doctor) {
		if (env->output == XT_OUT_JSON)
			xt_print_doctor_json(stdout, &a->view, &a->findings);
		else
			xt_print_doctor(stdout, &a->view, &a->findings);
	} else if (env->hist && env->output == XT_OUT_JSON) {
		xt_print_hist_json(stdout, &a->view, env->per_file, env->rows, unit_div(env));
	} else if (env->hist && env->output == XT_OUT_CSV) {
		xt_print_hist_csv(stdout, &a->view, env->per_file, env->rows, unit_div(env));
	} else if (env->hist) {
		strftime(clock, sizeof(clock), "%H:%M:%S", localtime_r(&now, &tm));
		xt_print_hist_interval(stdout, &a->view, env->per_file, env->rows,
				       env->timestamp ? clock : NULL, unit_div(env));
	} else if (a->env.output == XT_OUT_JSON) {
		xt_print_json(stdout, &a->view);
	} else if (a->env.output == XT_OUT_CSV) {
		xt_print_csv(stdout, &a->view);
	} else if (a->env.output == XT_OUT_TOP) {
		xt_top_draw(&a->top, &a->view);
	}
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	return errno == EPIPE ? -EPIPE : -EIO;
}

/*
 * What ended, then what changed in the maps since the last read (so that
 * the last counts of what ended are in it), what the maps and xiptop hold.
 */
static int refresh_into(struct xt_app *a, struct xl_snapshot *delta)
{
	/* after what the exporter collected since its last scrape (exporter_tick()) */
	int err = xl_gone_collect(a->bpf, &a->gone);

	if (!err) {
		double now = xt_since(&a->t0);

		err = xl_maps_changes(a->bpf, delta, now);
		if (!err)
			a->last_read = now;
	}
	if (err)
		return err;
	xt_forget_renamed(a);
	xt_life_measure(a);
	return 0;
}

static int refresh(struct xt_app *a)
{
	return refresh_into(a, &a->delta);
}

/* Let what ended go (its counts stay in its file system's); cur_read: see xt_lifecycle(). */
static int settle(struct xt_app *a, bool cur_read)
{
	int err = xt_lifecycle(a, cur_read);

	a->gone.n = 0;		/* what ended has been dealt with */
	return err;
}

/*
 * Doctor's look at the system beyond the maps, then its findings: where
 * each file system's faults ran against its memory's NUMA node, which
 * mappings have 2 MiB faults turned off (/proc), whether the kernel can
 * make 2 MiB DAX faults at all.
 */
static int doctor_look(struct xt_app *a)
{
	bool thp = access("/sys/kernel/mm/transparent_hugepage", F_OK) == 0;

	for (size_t i = 0; i < a->nfsinfo; i++) {
		struct xt_fsinfo *fs = &a->fsinfo[i];
		int node = fs->numa_node;

		if (node < 0)
			continue;
		fs->local_faults = xl_snapshot_devnode(&a->delta, fs->dev, node);
		fs->remote_faults = xl_snapshot_devnode(&a->delta, fs->dev, -node - 1);
	}
	a->nothp.n = 0;
	a->nothp.unreadable = 0;
	if (xt_nothp_scan(&a->nothp, "/proc", a->fsinfo, a->nfsinfo))
		return -ENOMEM;
	if (xt_findings_build_doctor(&a->findings, &a->view, a->fsinfo, a->nfsinfo, a->nothp.m,
				     a->nothp.n, thp))
		return -ENOMEM;
	a->findings.procs_unreadable = a->nothp.unreadable;
	xt_findings_hint(&a->findings);
	a->view.findings = &a->findings;
	return 0;
}

/*
 * An interval longer than XIP_READ_EVERY seconds is read in parts, one a
 * minute: the kernel side counts in 32 bits, which a read must see
 * before they go round (struct xip_row_cpu). What a part read is kept in
 * a->carry, and the interval's own read adds it (with no new window: the
 * interval's sampling and quiet paths go on as before). a->delta is left
 * alone: the screen's view points into it until the interval ends.
 * What ended leaves then, and near full the least recently active: the
 * part holds their last counts, and their names wait for the interval's
 * view (the namer's defer). A removal that fails leaves them to the interval's.
 */
static int carry_read(struct xt_app *a)
{
	struct xl_snapshot t;
	int err = refresh_into(a, &a->part);

	if (!err)
		err = xl_snapshot_merge(&a->part, &a->carry);
	t = a->carry;		/* the sum is carried; the old carry is the next part's room */
	a->carry = a->part;
	a->part = t;
	if (!err && xt_life_due(a)) {
		a->namer.defer = true;
		settle(a, false);
		a->namer.defer = false;
	}
	return err;
}

/* One interval: refresh, the difference, the view; show it, then settle. */
static int interval(struct xt_app *a, double elapsed)
{
	struct xt_view_src src;
	int err = refresh(a);

	if (!err && (a->carry.nfiles || a->carry.nhists || a->carry.ndevnodes)) {
		err = xl_snapshot_merge(&a->delta, &a->carry);
		xl_snapshot_clear(&a->carry);
	}
	if (err)
		return err;
	view_src(a, a->delta.counters, elapsed, &src);
	src.limit = shown_rows(a);
	if (xt_view_build(&a->view, &a->delta, &src, &a->namer))
		return -ENOMEM;
	xt_namer_collect(&a->namer);	/* no view shows the names forgotten before */
	xt_namer_after_view(&a->namer);	/* this one named the rows a part removed */
	/* each row's findings: doctor's output, the screen's HINT, JSON's rows (not CSV's, hist's) */
	if (a->env.doctor) {
		if (doctor_look(a))
			return -ENOMEM;
	} else if (a->env.output == XT_OUT_JSON || (a->env.output == XT_OUT_TOP && !a->env.hist)) {
		if (xt_findings_build(&a->findings, &a->view, a->fsinfo, a->nfsinfo))
			return -ENOMEM;
		xt_findings_hint(&a->findings);
		a->view.findings = &a->findings;
	}
	err = show(a);
	if (err)
		return err;
	return settle(a, false);
}

/* Only the exporter runs: the maps are read at a scrape (or a minute on: exporter_tick()). */
static bool exporter_only(const struct xt_app *a)
{
	return a->env.output == XT_OUT_NONE;
}

/*
 * With only the exporter running, an interval reads no map while it can
 * wait for a scrape: it takes what ended from the gone ring, so that the
 * ring never fills between scrapes. It reads what changed (and shows it
 * at the next scrape) when it cannot wait:
 * - something ended, or the maps near full: the rows go now, not at a
 *   scrape that may be far off (Prometheus down, a long scrape interval),
 *   or new files would find no room (files_full);
 * - XIP_READ_EVERY seconds went by since the last read: the kernel side
 *   counts in 32 bits, which a read must see before they go round
 *   (struct xip_row_cpu).
 * A read or removal that fails (no memory) is tried again at the next
 * interval, as a scrape that fails is at the next scrape: the exporter
 * goes on.
 */
static int exporter_tick(struct xt_app *a)
{
	int err = xl_gone_collect(a->bpf, &a->gone);

	if (err)
		return err;
	if (xt_since(&a->t0) - a->last_read < XIP_READ_EVERY && !xt_life_due(a))
		return 0;
	if (refresh(a) == 0)
		settle(a, false);	/* if it fails, what ended ages out by eviction */
	return 0;
}

/*
 * A scrape: everything since start, in a view of its own, summed per file
 * system with what left the maps before. With only the exporter running,
 * the scrape is the interval: it reads what changed, shows every row as
 * read, and lets what ended go after.
 * 0, or a negative errno: the maps could not be read, or no memory (the
 * answer is then an error, not a partial scrape).
 */
int xt_write_metrics(FILE *f, void *ctx)
{
	struct xt_app *a = ctx;
	struct xl_snapshot *snap = exporter_only(a) ? &a->cur : &a->prom;
	struct xt_view_src src;
	int err;

	if (exporter_only(a)) {
		err = refresh(a);
		if (!err)
			err = xl_maps_as_read(a->bpf, snap);
	} else {
		xt_life_measure(a);
		err = xl_maps_read(a->bpf, snap);
	}
	view_src(a, snap->counters, xt_since(&a->t0), &src);
	if (err)
		return err < 0 ? err : -EIO;
	if (xt_view_build(&a->prom_view, snap, &src, &a->namer) ||
	    xt_fsrows_build(&a->fsrows, &a->prom_view, &a->retired, &a->namer.mounts))
		return -ENOMEM;
	if (exporter_only(a))
		xt_namer_collect(&a->namer);	/* no view shows the names forgotten before */
	if (xt_findings_build(&a->prom_findings, &a->prom_view, a->fsinfo, a->nfsinfo))
		return -ENOMEM;
	a->prom_view.findings = &a->prom_findings;
	if (xt_print_prometheus(f, &a->prom_view, &a->fsrows, a->env.prometheus_files))
		return -ENOMEM;
	/*
	 * Lifecycle takes the rows a->cur holds (the scrape's view keeps
	 * pointing into it), unless --path left only some of them there.
	 */
	if (exporter_only(a) && settle(a, !a->env.path_prefix))
		fputs("# xiptop: cannot remove the rows of what ended\n", f);
	return 0;
}

/* Wait up to `left` seconds for a key, a scrape or a signal, and serve it. */
static void wait_events(struct xt_app *a, double left, volatile sig_atomic_t *stop)
{
	struct pollfd fds[3];
	int nfds = 0, rc;

	if (a->top.keys)
		fds[nfds++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	if (a->http) {
		int ms = xt_http_timeout_ms(a->http);

		fds[nfds++] = (struct pollfd){ .fd = xt_http_fd(a->http), .events = POLLIN };
		if (ms >= 0 && ms < left * 1000)
			left = ms / 1000.0;	/* a connection's deadline comes first */
	}
	/* the mount table changed: mountinfo polls with POLLPRI (proc(5)) */
	if (a->mounts_fd >= 0)
		fds[nfds++] = (struct pollfd){ .fd = a->mounts_fd, .events = POLLPRI };
	rc = poll(fds, nfds, (int)(left * 1000) + 1);
	/* libmicrohttpd: run after every poll while it has a timeout, whatever woke it */
	if (a->http)
		xt_http_run(a->http);
	if (rc <= 0)
		return;
	for (int i = 0; i < nfds; i++) {
		if (fds[i].fd == a->mounts_fd && fds[i].revents & (POLLPRI | POLLERR)) {
			xt_namer_reload_mounts(&a->namer);
			/* doctor's view of the file systems points into the table */
			free(a->fsinfo);
			if (xt_fsinfo_load(&a->fsinfo, &a->nfsinfo, &a->namer.mounts, "/sys", a->kdev))
				a->nfsinfo = 0;
			continue;
		}
		if (!(fds[i].revents & POLLIN))
			continue;
		if (fds[i].fd == STDIN_FILENO) {
			if (xt_top_key(&a->top, &a->view, xt_screen_key()))
				*stop = 1;
		}
	}
}

int xt_run(struct xt_app *a, volatile sig_atomic_t *stop)
{
	double next = a->env.interval, last = 0;
	long printed = 0;
	int err = 0;

	while (!*stop && (a->env.count < 0 || printed < a->env.count)) {
		double now = xt_since(&a->t0), left = next - now;
		double part = a->last_read + XIP_READ_EVERY - now;

		/* an interval longer than a minute: its parts (the exporter reads on its own) */
		if (left > 0 && part <= 0 && !exporter_only(a)) {
			err = carry_read(a);
			if (err)
				break;
			continue;
		}
		if (left > 0) {
			wait_events(a, part > 0 && part < left && !exporter_only(a) ? part : left, stop);
			continue;	/* a key, a scrape, a signal, or time is up */
		}
		err = exporter_only(a) ? exporter_tick(a) : interval(a, xt_since(&a->t0) - last);
		if (err)
			break;
		xl_maps_new_window(a->bpf);
		last = next;
		next += a->env.interval;
		printed++;
	}
	/* A signal ends the interval under way: printed output shows it too. */
	if (!err && *stop && (a->env.count < 0 || printed < a->env.count) &&
	    (a->env.hist || a->env.doctor || a->env.output == XT_OUT_JSON || a->env.output == XT_OUT_CSV))
		err = interval(a, xt_since(&a->t0) - last);
	return err;
}
