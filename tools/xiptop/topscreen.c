// SPDX-License-Identifier: GPL-2.0
/* The interactive top screen (see topscreen.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "escape.h"
#include "output.h"
#include "topscreen.h"

/*
 * Keep the selection on the same file when rows move, and on the screen:
 * a file gone below the rows shown (whose rows the view may not have
 * built: v->rest) leaves it on the last.
 */
static void place_selection(struct xt_top *t, const struct xt_view *v, size_t maxrows)
{
	bool found = false;

	for (int i = 0; t->keys && i < (int)v->nrows; i++)
		if (!memcmp(&v->rows[i].f->key, &t->selected_key, sizeof(t->selected_key)))
			t->selected = i, found = true;
	if (t->keys && !found && v->nrest && xl_find_file(v->snap, &t->selected_key))
		t->selected = v->nrows;
	if (t->selected >= (int)v->nrows)
		t->selected = v->nrows ? (int)v->nrows - 1 : 0;
	if (t->selected >= (int)maxrows)
		t->selected = maxrows - 1;
	if (t->keys && v->nrows)
		t->selected_key = v->rows[t->selected].f->key;
}

size_t xt_top_rows(const struct xt_top *t, int *cols)
{
	int lines = 0;

	*cols = 1000;
	if (t->clear)
		xt_screen_size(cols, &lines);
	if (t->rows)
		return t->rows;
	if (t->clear)
		return lines > 7 ? lines - 7 : 1;	/* the header: 6 lines */
	return XT_DEFAULT_ROWS;
}

void xt_top_draw(struct xt_top *t, const struct xt_view *v)
{
	size_t len = 0;
	char clock[16], *buf = NULL;
	time_t now = time(NULL);
	struct tm tm;
	int cols;
	size_t maxrows = xt_top_rows(t, &cols);
	FILE *f;

	/* the view completed the rows it was built to show: a terminal grown since shows no more */
	if (v->complete < v->nrows && maxrows > v->complete)
		maxrows = v->complete ? v->complete : 1;

	/* localtime_r(): glibc's localtime() looks at /etc/localtime again each call */
	strftime(clock, sizeof(clock), "%H:%M:%S", localtime_r(&now, &tm));
	place_selection(t, v, maxrows);
	/* one write per frame: the terminal never shows half a screen */
	f = t->clear ? open_memstream(&buf, &len) : stdout;
	if (!f)
		return;
	if (t->clear)
		fputs("\033[H\033[2J", f);
	if (t->hist_view && v->nrows) {
		const struct xt_row *r = &v->rows[t->selected];

		char path[XT_TERM_PATH];

		fprintf(f, "xiptop %s  latency of %s (dev %u:%u ino %llu)  [esc: back, q: quit]\n", clock,
			xl_term_str(path, sizeof(path), r->path ? r->path : "?"), XIP_KDEV_MAJOR(r->f->key.dev),
			XIP_KDEV_MINOR(r->f->key.dev), (unsigned long long)r->f->key.ino);
		xt_print_row_findings(f, v, r);	/* what xiptop doctor would say of it */
		xt_print_hists(f, v, r, 1);
	} else {
		xt_print_top(f, v, maxrows, cols, t->keys ? t->selected : -1, clock);
		if (!t->clear)
			fputc('\n', f);
	}
	if (t->clear) {
		fclose(f);
		fwrite(buf, 1, len, stdout);
		free(buf);
	}
	fflush(stdout);
}

bool xt_top_key(struct xt_top *t, struct xt_view *v, enum xt_key key)
{
	switch (key) {
	case XT_KEY_QUIT:
		return true;
	case XT_KEY_SORT:
		t->sort = (t->sort + 1) % XT_NR_SORTS;
		/*
		 * The rows not shown get their names and percentiles now, their
		 * hints next interval. Out of memory, the rows keep their order.
		 */
		xt_view_sort(v, t->sort);
		break;
	case XT_KEY_UP:
		if (t->selected > 0)
			t->selected--;
		break;
	case XT_KEY_DOWN:
		t->selected++;
		break;
	case XT_KEY_ENTER:
		t->hist_view = true;
		break;
	case XT_KEY_BACK:
		t->hist_view = false;
		break;
	default:
		return false;
	}
	if (key == XT_KEY_UP || key == XT_KEY_DOWN) {
		if (t->selected >= (int)v->nrows)
			t->selected = v->nrows ? (int)v->nrows - 1 : 0;
		if (v->nrows)
			t->selected_key = v->rows[t->selected].f->key;
	}
	if (v->snap)
		xt_top_draw(t, v);
	return false;
}
