// SPDX-License-Identifier: GPL-2.0
/* xiptop's rows (see rows.h). */
#define _GNU_SOURCE		/* qsort_r */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "kinds.h"
#include "rows.h"
#include "filestats.h"

/* The same file: its key's bytes (keys are made with their padding zero) */
static bool key_eq(const struct xip_file_key *x, const struct xip_file_key *y)
{
	return !memcmp(x, y, sizeof(*x));
}

/*
 * r from file f and its histograms, which start at h (before end): every
 * one with f's key. Returns the first histogram past them.
 */
static const struct xl_histrec *row_from(struct xt_row *r, const struct xl_file *f,
					 const struct xl_histrec *h, const struct xl_histrec *end,
					 unsigned int flags)
{
	/*
	 * Its fault time: a read's, summed read by read (0 for a row made
	 * since the last read, read "now": never more than the next read
	 * will say); else from the classes the row has.
	 */
	bool read = f->fault_ns || f->row != XL_NO_ROW;

	memset(r, 0, sizeof(*r));
	r->f = f;
	r->pct_class = -1;
	r->faults = xl_total_faults(&f->st);
	r->fault_ns = read ? f->fault_ns : 0;
	for (; h < end && key_eq(&h->key.file, &f->key); h++) {
		unsigned int lat = h->key.lat;

		if (lat >= XIP_NR_LAT)
			continue;
		r->lat[lat] = &h->h;
		if (xl_is_fault_kind(lat))
			r->timed += h->h.count;
		if (!read)
			r->fault_ns += xl_class_fault_ns(&h->h, &f->st, lat);
	}
	if (flags & XT_ROWS_PCT)
		xt_rows_pct(r, 1);
	return h;
}

void xt_rows_build(const struct xl_snapshot *s, struct xt_row *rows, unsigned int flags)
{
	const struct xl_histrec *h = s->hists, *end = s->hists + s->nhists;

	/* hists are sorted by file, then class: one walk beside the files */
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct xl_file *f = &s->files[i];

		while (h < end && !key_eq(&h->key.file, &f->key) &&
		       xl_file_key_cmp(&h->key.file, &f->key) < 0)
			h++;
		h = row_from(&rows[i], f, h, end, flags);
	}
}

/* The first of s's histograms whose file is key or after it (a binary search). */
static const struct xl_histrec *hists_from(const struct xl_snapshot *s, const struct xip_file_key *key)
{
	size_t lo = 0, hi = s->nhists;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (xl_file_key_cmp(&s->hists[mid].key.file, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return s->hists + lo;
}

void xt_rows_build_some(const struct xl_snapshot *s, struct xt_row *rows, const uint32_t *files,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct xl_file *f = &s->files[files[i]];

		row_from(&rows[i], f, hists_from(s, &f->key), s->hists + s->nhists, 0);
	}
}

void xt_rows_pct(struct xt_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct xt_row *r = &rows[i];
		struct xl_hist all;
		int kinds = 0, only = -1;

		for (unsigned int lat = 0; lat < XIP_NR_LAT; lat++)
			if (r->lat[lat] && xl_is_fault_kind(lat))
				kinds++, only = lat;
		/* most files take one kind of fault: their sum is that kind's histogram */
		if (kinds == 1) {
			xl_hist_pct(r->lat[only], &r->pct);
			r->pct_class = only;
			continue;
		}
		r->pct_class = -1;	/* of several kinds, or none */
		memset(&all, 0, sizeof(all));
		for (unsigned int lat = 0; kinds && lat < XIP_NR_LAT; lat++)
			if (r->lat[lat] && xl_is_fault_kind(lat))
				xl_hist_add(&all, r->lat[lat]);
		xl_hist_pct(&all, &r->pct);
	}
}

void xt_class_pct(const struct xt_row *r, const struct xl_hist *h, unsigned int lat,
		  struct xl_pct *p)
{
	if (r && r->pct_class == (int)lat)
		*p = r->pct;
	else
		xl_hist_pct(h, p);
}

/* A count to sort by (not p50, p99 or path) of a file's statistics and faults */
static uint64_t count_value(const struct xip_file_stats *st, uint64_t faults, enum xt_sort by)
{
	switch (by) {
	case XT_SORT_FAULTS: return faults;
	case XT_SORT_MAJOR: return st->count[XIP_MAJOR];
	case XT_SORT_PTE: return st->count[XIP_PTE_READ] + st->count[XIP_PTE_WRITE];
	case XT_SORT_PMD: return st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE];
	case XT_SORT_FALLBACK: return st->count[XIP_PMD_FALLBACK];
	case XT_SORT_HOLE: return st->count[XIP_HOLE];
	case XT_SORT_COW: return st->count[XIP_COW];
	case XT_SORT_ZERO: return st->zero_bytes;
	case XT_SORT_IO: return st->io_bytes[XIP_READ] + st->io_bytes[XIP_WRITE];
	default: return 0;	/* not a count (xt_sort_by_count()): sort_value()'s */
	}
}

static uint64_t sort_value(const struct xt_row *r, enum xt_sort by)
{
	switch (by) {
	case XT_SORT_P50: return r->pct.p50;
	case XT_SORT_P99: return r->pct.p99;
	default: return count_value(&r->f->st, r->faults, by);
	}
}

/* A row's place in the order: its sort value, and where it is now. */
struct place {
	uint64_t v;
	size_t i;
};

/* What places name: rows, or (xt_files_best()) a snapshot's files. */
struct sort_ctx {
	const struct xt_row *rows;
	const struct xl_file *files;
	enum xt_sort by;
};

static const struct xip_file_key *place_key(const struct sort_ctx *c, size_t i)
{
	return c->rows ? &c->rows[i].f->key : &c->files[i].key;
}

/* <0: x comes first. Largest first (paths: alphabetical); ties broken by key, so stable. */
static int cmp_places(const void *a, const void *b, void *arg)
{
	const struct place *x = a, *y = b;
	const struct sort_ctx *c = arg;

	if (c->by == XT_SORT_PATH) {
		const struct xt_row *rx = &c->rows[x->i], *ry = &c->rows[y->i];
		int d = strcmp(rx->path ? rx->path : "", ry->path ? ry->path : "");

		if (d)
			return d;
	} else if (x->v != y->v) {
		return x->v > y->v ? -1 : 1;
	}
	return xl_file_key_cmp(place_key(c, x->i), place_key(c, y->i));
}

/*
 * The best k places of p[0..n) into p[0..k), in order, the others into
 * p[k..n) in no order: a heap of the k best seen so far, its worst at the
 * top (n log k, not n log n).
 */
static void best_first(struct place *p, size_t n, size_t k, const struct sort_ctx *c)
{
	for (size_t i = 0; i < n; i++) {
		struct place t;
		size_t at;

		if (i >= k) {
			/* no better than the worst kept: by value alone, most of the time */
			if (c->by != XT_SORT_PATH && p[i].v < p[0].v)
				continue;
			if (cmp_places(&p[i], &p[0], (void *)c) >= 0)
				continue;
			t = p[0], p[0] = p[i], p[i] = t;	/* the worst kept goes among the others */
			at = 0;
			for (;;) {	/* down: the worst of the kept goes up */
				size_t l = 2 * at + 1, w = at;

				if (l < k && cmp_places(&p[l], &p[w], (void *)c) > 0)
					w = l;
				if (l + 1 < k && cmp_places(&p[l + 1], &p[w], (void *)c) > 0)
					w = l + 1;
				if (w == at)
					break;
				t = p[w], p[w] = p[at], p[at] = t;
				at = w;
			}
			continue;
		}
		for (at = i; at; ) {	/* up */
			size_t up = (at - 1) / 2;

			if (cmp_places(&p[at], &p[up], (void *)c) <= 0)
				break;
			t = p[at], p[at] = p[up], p[up] = t;
			at = up;
		}
	}
	qsort_r(p, k, sizeof(*p), cmp_places, (void *)c);
}

/* Rows in key order, as a snapshot's are built: a stable sort by value then breaks ties as cmp_places() does. */
static bool in_key_order(const struct xt_row *rows, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (xl_file_key_cmp(&rows[i - 1].f->key, &rows[i].f->key) > 0)
			return false;
	return true;
}

/*
 * p[0..n) by value, largest first, stable: a radix sort, a byte a pass
 * from the least significant, of the values' complements (ascending),
 * skipping the bytes every value has the same (counts: most of their
 * bytes are 0). About 3n per byte that differs, where qsort_r() makes
 * n log n calls of a comparison: at 10,000 rows, --json's every interval
 * spent more on sorting them than on reading them. No Debian library
 * offers such a sort for C. 0 or -ENOMEM (p unchanged).
 */
static int radix_sort(struct place *p, size_t n)
{
	struct place *tmp = malloc(n * sizeof(*tmp)), *src = p, *dst = tmp, *t;
	uint64_t any = 0, every = ~0ULL;
	size_t i;

	if (!tmp)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		any |= ~p[i].v;
		every &= ~p[i].v;
	}
	for (unsigned int shift = 0; shift < 64; shift += 8) {
		size_t at[256] = { 0 }, sum = 0;

		if (!((any ^ every) >> shift & 0xff))
			continue;	/* every value has this byte: the order stays */
		for (i = 0; i < n; i++)
			at[~src[i].v >> shift & 0xff]++;
		for (i = 0; i < 256; i++) {
			size_t c = at[i];

			at[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[at[~src[i].v >> shift & 0xff]++] = src[i];
		t = src, src = dst, dst = t;
	}
	if (src != p)
		memcpy(p, src, n * sizeof(*p));
	free(tmp);
	return 0;
}

int xt_files_best(const struct xl_snapshot *s, enum xt_sort by, size_t k, uint32_t *order)
{
	struct sort_ctx c = { .files = s->files, .by = by };
	size_t n = s->nfiles;
	struct place *p;

	if (!xt_sort_by_count(by))
		return -EINVAL;
	if (k > n)
		k = n;
	p = malloc((n ? n : 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct xip_file_stats *st = &s->files[i].st;

		p[i] = (struct place){ count_value(st, by == XT_SORT_FAULTS ? xl_total_faults(st) : 0, by), i };
	}
	if (k)
		best_first(p, n, k, &c);
	for (size_t i = 0; i < n; i++)
		order[i] = p[i].i;
	free(p);
	return 0;
}

int xt_rows_sort(struct xt_row *rows, size_t n, enum xt_sort by, size_t limit)
{
	struct sort_ctx c = { .rows = rows, .by = by };
	struct place *p;
	size_t *where, *who, k = limit && limit < n ? limit : n;

	if (n < 2)
		return 0;
	p = malloc(n * (sizeof(*p) + 2 * sizeof(size_t)));
	if (!p)
		return -ENOMEM;
	where = (size_t *)(p + n);	/* where[row first at i] is now */
	who = where + n;		/* who[position] was first at */
	for (size_t i = 0; i < n; i++) {
		p[i] = (struct place){ by == XT_SORT_PATH ? 0 : sort_value(&rows[i], by), i };
		where[i] = who[i] = i;
	}
	if (k < n) {
		best_first(p, n, k, &c);
	} else if (by == XT_SORT_PATH || !in_key_order(rows, n) || radix_sort(p, n)) {
		/* (radix_sort() fails only for want of memory, and leaves p as it was) */
		qsort_r(p, n, sizeof(*p), cmp_places, &c);
	}
	/* the rows into their places by swaps: k of them move, not every row */
	for (size_t pos = 0; pos < k; pos++) {
		size_t from = where[p[pos].i], other = who[pos];
		struct xt_row t;

		if (from == pos)
			continue;
		t = rows[pos], rows[pos] = rows[from], rows[from] = t;
		who[from] = other, where[other] = from;
		who[pos] = p[pos].i, where[p[pos].i] = pos;
	}
	free(p);
	return 0;
}

void xt_totals(const struct xl_snapshot *s, struct xt_totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	if (s->sums_valid) {	/* the read added them up */
		t->st = s->sums.st;
		memcpy(t->lat, s->sums.lat, sizeof(t->lat));
	} else {
		for (i = 0; i < s->nfiles; i++)
			xl_stats_add(&t->st, &s->files[i].st);
		for (i = 0; i < s->nhists; i++)
			if (s->hists[i].key.lat < XIP_NR_LAT)
				xl_hist_add(&t->lat[s->hists[i].key.lat], &s->hists[i].h);
	}
	t->faults = xl_total_faults(&t->st);
	for (i = 0; i < XIP_NR_LAT; i++)
		if (xl_is_fault_kind(i))
			xl_hist_add(&t->all, &t->lat[i]);
	xl_hist_pct(&t->all, &t->pct);
}
