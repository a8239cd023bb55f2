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

static int ensure_rows(struct xt_view *v, size_t n)
{
	struct xt_row *bigger;

	if (n <= v->caprows)
		return 0;
	bigger = realloc(v->rows, n * sizeof(*bigger));
	if (!bigger)
		return -ENOMEM;
	v->rows = bigger;
	v->caprows = n;
	return 0;
}

/* Name rows complete..n (named already: the first complete). */
static void name_rows(struct xt_view *v, size_t n)
{
	for (size_t i = v->complete; i < n; i++)
		if (!v->rows[i].path)
			xt_name_row(v->namer, &v->rows[i]);
}

int xt_view_build(struct xt_view *v, struct xl_snapshot *s, const struct xt_view_src *src,
		  struct xt_namer *namer)
{
	bool by_pct;
	size_t n;

	memcpy(v->counters, src->counters, sizeof(v->counters));
	if (src->path_prefix) {
		struct path_filter pf = { namer, src->path_prefix, strlen(src->path_prefix) };

		xl_snapshot_filter(s, path_wanted, &pf);
	}
	if (ensure_rows(v, s->nfiles))
		return -ENOMEM;
	v->snap = s;
	v->nrows = s->nfiles;
	v->namer = namer;
	v->row_flags = src->row_flags;
	v->complete = 0;
	/* what the order needs of every row; the rest only for the rows shown */
	by_pct = src->sort == XT_SORT_P50 || src->sort == XT_SORT_P99 || !src->limit;
	xt_rows_build(s, v->rows, src->row_flags | (by_pct ? XT_ROWS_PCT : 0));
	if (src->sort == XT_SORT_PATH)
		name_rows(v, s->nfiles);
	if (xt_rows_sort(v->rows, s->nfiles, src->sort, src->limit))
		return -ENOMEM;
	n = src->limit && src->limit < s->nfiles ? src->limit : s->nfiles;
	if (!by_pct)
		xt_rows_pct(v->rows, n, src->row_flags);
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
	return 0;
}

int xt_view_sort(struct xt_view *v, enum xt_sort by)
{
	if (v->complete < v->nrows) {
		xt_rows_pct(v->rows + v->complete, v->nrows - v->complete, v->row_flags);
		name_rows(v, v->nrows);
		v->complete = v->nrows;
	}
	v->sort = by;
	return xt_rows_sort(v->rows, v->nrows, by, 0);
}

void xt_view_free(struct xt_view *v)
{
	free(v->rows);
	memset(v, 0, sizeof(*v));
}
