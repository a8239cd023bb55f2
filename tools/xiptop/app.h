/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One running xiptop: what the user asked for, the loaded programs, the
 * snapshots of their maps and the views shown. main.c sets it up and tears
 * it down; loop.c runs it.
 */
#ifndef XT_APP_H
#define XT_APP_H

#include <stdio.h>
#include <signal.h>
#include <time.h>
#include "cli.h"
#include "findings.h"
#include "procmaps.h"
#include "fsrows.h"
#include "gone.h"
#include "naming.h"
#include "snapshot.h"
#include "topscreen.h"
#include "view.h"

struct xl_bpf;

struct xt_http;

struct xt_app {
	struct xt_env env;
	struct xl_bpf *bpf;
	const struct xl_caps *caps;
	struct xt_namer namer;
	struct xl_snapshot delta;		/* an interval's read: what changed */
	/* what an interval longer than XIP_READ_EVERY read before its end (carry_read()) */
	struct xl_snapshot carry, part;
	struct xl_snapshot cur;			/* rows as read: the exporter's every row, lifecycle's (what ended, or every row) */
	struct xl_snapshot prom;		/* a scrape's read: since start */
	struct xt_view view;			/* the last interval's: the screen redraws it */
	struct xt_view prom_view;		/* a scrape's: rows of its own */
	struct xt_fsrows fsrows;		/* a scrape's: per file system */
	struct xt_fsrows retired;		/* what left the maps, per file system, since start */
	struct xt_findings findings;		/* doctor's, of the last view */
	struct xt_findings prom_findings;	/* of a scrape's view: the exporter's gauge */
	unsigned int kdev;			/* the file system --dev or --mount name; 0: all */
	struct xt_fsinfo *fsinfo;		/* what doctor's rules know of each file system */
	size_t nfsinfo;
	int *cpu_node;				/* doctor: each CPU's NUMA node (numa-remote) */
	struct xt_nothp_list nothp;		/* doctor: mappings with 2 MiB faults off */
	struct xt_top top;
	struct xt_http *http;			/* serving scrapes; NULL: none */
	int mounts_fd;				/* /proc/self/mountinfo: polled for changes */
	struct xl_gone_list gone;		/* what the kernel said ended, this interval */
	struct xt_life life;			/* rows removed since start */
	struct timespec t0;
	double last_read;			/* xt_since(t0) at the last read of the maps */
};

/*
 * After an interval is shown: remove the rows whose file or process ended
 * (a->gone) and, near the maps' size, the least recently active; count
 * them in a->life, and their counts in a->retired. cur_read: a->cur holds
 * every row as read already (a scrape's), else it is read when needed.
 * 0 or -errno.
 */
int xt_lifecycle(struct xt_app *a, bool cur_read);
/* Whether xt_lifecycle() has rows to remove: something ended, or the maps near full. */
bool xt_life_due(const struct xt_app *a);
/* Renamed files (in a->gone): their paths are worked out anew. */
void xt_forget_renamed(struct xt_app *a);
/* What the maps and xiptop's heap hold now, into a->life. */
void xt_life_measure(struct xt_app *a);

/* Seconds since t0. */
double xt_since(const struct timespec *t0);

/*
 * Show an interval every env.interval seconds, env.count times or until
 * *stop; serve keys and scrapes in between. 0, or -errno of a failed read.
 */
int xt_run(struct xt_app *a, volatile sig_atomic_t *stop);
/* A scrape's body: everything since start (the endpoint's xt_metrics_fn). 0 or -1. */
int xt_write_metrics(FILE *f, void *ctx);

#endif
