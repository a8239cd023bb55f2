// SPDX-License-Identifier: GPL-2.0
/* Building what an output shows (see view.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "naming.h"
#include "view.h"

struct path_filter {
	struct xt_namer *namer;
	const char *prefix;
	size_t len;
};

static int path_wanted(const struct xl_file *f, void *ctx)
{
	struct path_filter *pf = ctx;
	struct xt_row r = { .f = f };

	xt_name_row(pf->namer, &r);
	return r.path && !strncmp(r.path, pf->prefix, pf->len);
}

/*
 * array (of *cap elements of size bytes) with room for n: array itself,
 * or a bigger copy of it (never smaller). NULL: no memory (array as it was).
 */
static void *ensure_room(void *array, size_t *cap, size_t n, size_t size)
{
	void *bigger;

	if (array && n <= *cap)
		return array;
	bigger = reallocarray(array, n ? n : 1, size);
	if (bigger)
		*cap = n ? n : 1;
	return bigger;
}

/* Name rows complete..n (named already: the first complete). */
static void name_rows(struct xt_view *v, size_t n)
{
	for (size_t i = v->complete; i < n; i++)
		if (!v->rows[i].path)
			xt_name_row(v->namer, &v->rows[i]);
}

/*
 * Only the rows shown, when the order needs no row built to be found (a
 * count) and the totals, with every file's fault time, come from the
 * read (s's sums): the others are built if the sort key changes.
 */
static bool shown_only(const struct xl_snapshot *s, const struct xt_view_src *src)
{
	return src->limit && src->limit < s->nfiles && s->sums_valid && xt_sort_by_count(src->sort);
}

/* rows[0..limit) for the best files of s, the others' files in rest; 0 or -ENOMEM */
static int build_shown(struct xt_view *v, const struct xl_snapshot *s, const struct xt_view_src *src)
{
	uint32_t *order = ensure_room(v->order, &v->caporder, s->nfiles, sizeof(*order));

	if (!order)
		return -ENOMEM;
	v->order = order;
	if (xt_files_best(s, src->sort, src->limit, v->order))
		return -ENOMEM;
	xt_rows_build_some(s, v->rows, v->order, src->limit);
	v->nrows = src->limit;
	v->rest = v->order + src->limit;
	v->nrest = s->nfiles - src->limit;
	v->fault_ns = s->sums.fault_ns;
	return 0;
}

/*
 * Whether every row's percentiles are worked out as it is built: the
 * order needs them (p50, p99), or every row is shown. Otherwise only the
 * rows shown have theirs, once sorted.
 */
static bool pct_of_every_row(const struct xt_view_src *src)
{
	return src->sort == XT_SORT_P50 || src->sort == XT_SORT_P99 || !src->limit;
}

/* rows for every file of s, the first `limit` sorted (0: all); 0 or -ENOMEM */
static int build_all(struct xt_view *v, const struct xl_snapshot *s, const struct xt_view_src *src,
		     bool by_pct)
{
	v->nrows = s->nfiles;
	xt_rows_build(s, v->rows, by_pct ? XT_ROWS_PCT : 0);
	if (src->sort == XT_SORT_PATH)
		name_rows(v, s->nfiles);
	if (xt_rows_sort(v->rows, s->nfiles, src->sort, src->limit))
		return -ENOMEM;
	v->fault_ns = 0;
	for (size_t i = 0; i < s->nfiles; i++)
		v->fault_ns += v->rows[i].fault_ns;
	return 0;
}

int xt_view_build(struct xt_view *v, struct xl_snapshot *s, const struct xt_view_src *src,
		  struct xt_namer *namer)
{
	bool by_pct = pct_of_every_row(src), some;
	struct xt_row *rows;
	size_t n;

	memcpy(v->counters, src->counters, sizeof(v->counters));
	if (src->path_prefix) {
		struct path_filter pf = { namer, src->path_prefix, strlen(src->path_prefix) };

		xl_snapshot_filter(s, path_wanted, &pf);
	}
	/* room for the rows built: xt_view_sort() makes room for the rest if it must */
	some = shown_only(s, src);
	rows = ensure_room(v->rows, &v->caprows, some ? src->limit : s->nfiles, sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	v->rows = rows;
	v->snap = s;
	v->namer = namer;
	v->findings = NULL;	/* they name rows, which the build may move: the caller's to set again */
	v->complete = 0;
	v->nrest = 0;
	if (some ? build_shown(v, s, src) : build_all(v, s, src, by_pct))
		return -ENOMEM;
	n = src->limit && src->limit < v->nrows ? src->limit : v->nrows;
	if (!by_pct)
		xt_rows_pct(v->rows, n);
	name_rows(v, n);
	v->complete = n;
	xt_totals(s, &v->totals);
	v->interval = src->interval;
	v->wall = src->wall;
	v->hook = src->hook;
	v->caps = *src->caps;
	v->sort = src->sort;
	v->tracked = src->tracked;
	v->life = src->life;
	v->max_files = src->max_files;
	v->limit = src->limit;
	return 0;
}

int xt_view_sort(struct xt_view *v, enum xt_sort by)
{
	if (v->nrest) {		/* the rows not shown: built now */
		struct xt_row *rows = ensure_room(v->rows, &v->caprows, v->nrows + v->nrest,
						  sizeof(*rows));

		if (!rows)
			return -ENOMEM;
		v->rows = rows;
		xt_rows_build_some(v->snap, v->rows + v->nrows, v->rest, v->nrest);
		v->nrows += v->nrest;
		v->nrest = 0;
	}
	if (v->complete < v->nrows) {
		xt_rows_pct(v->rows + v->complete, v->nrows - v->complete);
		name_rows(v, v->nrows);
		v->complete = v->nrows;
	}
	v->sort = by;
	/*
	 * The findings name their rows by place, which the sort changes:
	 * gone until the next interval builds them again (the hints, in the
	 * rows, move with them).
	 */
	v->findings = NULL;
	return xt_rows_sort(v->rows, v->nrows, by, 0);
}

void xt_view_free(struct xt_view *v)
{
	free(v->rows);
	free(v->order);
	memset(v, 0, sizeof(*v));
}
