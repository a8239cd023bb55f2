// SPDX-License-Identifier: GPL-2.0
/* xiptop's rows (see rows.h). */
#define _GNU_SOURCE		/* qsort_r */
#include <stdlib.h>
#include <string.h>
#include "kinds.h"
#include "rows.h"
#include "filestats.h"

void xt_rows_build(const struct xl_snapshot *s, struct xt_row *rows, unsigned int flags)
{
	size_t j = 0;

	/* hists are sorted by file, then class: one walk beside the files */
	for (size_t i = 0; i < s->nfiles; i++) {
		struct xt_row *r = &rows[i];
		struct xl_hist all = { 0 };

		memset(r, 0, sizeof(*r));
		r->f = &s->files[i];
		r->faults = xl_total_faults(&r->f->st);
		while (j < s->nhists && xl_file_key_cmp(&s->hists[j].key.file, &r->f->key) < 0)
			j++;
		for (; j < s->nhists && !xl_file_key_cmp(&s->hists[j].key.file, &r->f->key); j++) {
			unsigned int lat = s->hists[j].key.lat;

			if (lat >= XIP_NR_LAT)
				continue;
			r->lat[lat] = &s->hists[j].h;
			if (flags & XT_ROWS_CLASS_PCT)
				xl_hist_pct(r->lat[lat], &r->lat_pct[lat]);
			if (xl_is_fault_kind(lat))
				xl_hist_add(&all, r->lat[lat], 1);
		}
		r->timed = all.count;
		xl_hist_pct(&all, &r->pct);
	}
}

uint64_t xt_fault_ns(const struct xl_hist *const *lat, const struct xip_file_stats *st)
{
	uint64_t ns = 0;

	for (size_t k = 0; k < xl_nr_fault_kinds; k++) {
		unsigned int kind = xl_fault_kinds[k];

		ns += xl_hist_total_ns(lat[kind], xl_lat_events(st, kind));
	}
	return ns;
}

static uint64_t sort_value(const struct xt_row *r, enum xt_sort by)
{
	const struct xip_file_stats *st = &r->f->st;

	switch (by) {
	case XT_SORT_FAULTS: return r->faults;
	case XT_SORT_MAJOR: return st->count[XIP_MAJOR];
	case XT_SORT_PTE: return st->count[XIP_PTE_READ] + st->count[XIP_PTE_WRITE];
	case XT_SORT_PMD: return st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE];
	case XT_SORT_FALLBACK: return st->count[XIP_PMD_FALLBACK];
	case XT_SORT_HOLE: return st->count[XIP_HOLE];
	case XT_SORT_COW: return st->count[XIP_COW];
	case XT_SORT_ZERO: return st->zero_bytes;
	case XT_SORT_IO: return st->io_bytes[XIP_READ] + st->io_bytes[XIP_WRITE];
	case XT_SORT_P50: return r->pct.p50;
	case XT_SORT_P99: return r->pct.p99;
	default: return 0;
	}
}

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct xt_row *x = a, *y = b;
	enum xt_sort by = *(const enum xt_sort *)arg;
	uint64_t vx, vy;
	int c;

	if (by == XT_SORT_PATH) {
		c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
		if (c)
			return c;
	} else {
		vx = sort_value(x, by);
		vy = sort_value(y, by);
		if (vx != vy)
			return vx > vy ? -1 : 1;
	}
	return xl_file_key_cmp(&x->f->key, &y->f->key);
}

void xt_rows_sort(struct xt_row *rows, size_t n, enum xt_sort by)
{
	if (n)	/* rows may be NULL when there are none */
		qsort_r(rows, n, sizeof(*rows), cmp_rows, &by);
}

void xt_totals(const struct xl_snapshot *s, struct xt_totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < s->nfiles; i++)
		xl_stats_add(&t->st, &s->files[i].st, 1);
	t->faults = xl_total_faults(&t->st);
	for (i = 0; i < s->nhists; i++)
		if (s->hists[i].key.lat < XIP_NR_LAT)
			xl_hist_add(&t->lat[s->hists[i].key.lat], &s->hists[i].h, 1);
	for (i = 0; i < XIP_NR_LAT; i++) {
		xl_hist_pct(&t->lat[i], &t->lat_pct[i]);
		if (xl_is_fault_kind(i))
			xl_hist_add(&t->all, &t->lat[i], 1);
	}
	xl_hist_pct(&t->all, &t->pct);
}
