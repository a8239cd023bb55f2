// SPDX-License-Identifier: GPL-2.0
/* xiptop's model: snapshots, deltas, histograms, rows (see model.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

const char *const xt_lat_names[XIP_NR_LAT] = {
	[XIP_PTE_READ] = "pte_read",
	[XIP_PTE_WRITE] = "pte_write",
	[XIP_PMD_READ] = "pmd_read",
	[XIP_PMD_WRITE] = "pmd_write",
	[XIP_PMD_FALLBACK] = "pmd_fallback",
	[XIP_HOLE] = "hole",
	[XIP_COW] = "cow",
	[XIP_MAJOR] = "major",
	[XIP_PAGECACHE] = "pagecache",
	[XIP_LAT_IO(XIP_READ)] = "read",
	[XIP_LAT_IO(XIP_WRITE)] = "write",
};

const char *const xt_lat_titles[XIP_NR_LAT] = {
	[XIP_PTE_READ] = "4 KiB read faults",
	[XIP_PTE_WRITE] = "4 KiB write faults",
	[XIP_PMD_READ] = "2 MiB read faults",
	[XIP_PMD_WRITE] = "2 MiB write faults",
	[XIP_PMD_FALLBACK] = "2 MiB fault attempts that fell back",
	[XIP_HOLE] = "faults that loaded a hole",
	[XIP_COW] = "copy-on-write faults",
	[XIP_MAJOR] = "major (allocating) faults",
	[XIP_PAGECACHE] = "page-cache faults",
	[XIP_LAT_IO(XIP_READ)] = "read(2) on DAX files",
	[XIP_LAT_IO(XIP_WRITE)] = "write(2) on DAX files",
};

const char *const xt_fallback_names[XIP_NR_FALLBACK_REASONS] = {
	"none", "misaligned", "private_write", "vma_range", "beyond_eof",
	"pte_entry", "iomap_error", "extent", "zero_pmd", "pfn",
};

const char *const xt_cow_source_names[XIP_NR_COW_SOURCES] = {
	"hole", "delalloc", "mapped", "unwritten", "inline",
};

const char *const xt_counter_names[XIP_NR_COUNTERS] = {
	[XIP_CTR_FILES_FULL] = "files_full",
	[XIP_CTR_HISTS_FULL] = "hists_full",
	[XIP_CTR_PATHS_FULL] = "paths_full",
	[XIP_CTR_UNPAIRED] = "unpaired",
	[XIP_CTR_NO_TASK] = "no_task_storage",
};

const unsigned int xt_fault_kinds[] = {
	XIP_PTE_READ, XIP_PTE_WRITE, XIP_PMD_READ, XIP_PMD_WRITE, XIP_PMD_FALLBACK,
	XIP_COW, XIP_PAGECACHE,
};
const size_t xt_nr_fault_kinds = sizeof(xt_fault_kinds) / sizeof(xt_fault_kinds[0]);

const char *const xt_sort_names[XT_NR_SORTS] = {
	[XT_SORT_FAULTS] = "faults", [XT_SORT_MAJOR] = "major", [XT_SORT_PTE] = "pte",
	[XT_SORT_PMD] = "pmd", [XT_SORT_FALLBACK] = "fallback", [XT_SORT_HOLE] = "hole",
	[XT_SORT_COW] = "cow", [XT_SORT_ZERO] = "zero", [XT_SORT_IO] = "io",
	[XT_SORT_P50] = "p50", [XT_SORT_P99] = "p99", [XT_SORT_PATH] = "path",
};

int xt_sort_parse(const char *name)
{
	for (int i = 0; i < XT_NR_SORTS; i++)
		if (!strcmp(name, xt_sort_names[i]))
			return i;
	return -1;
}

void xt_snapshot_clear(struct xt_snapshot *s)
{
	s->nfiles = 0;
	s->nhists = 0;
	memset(s->counters, 0, sizeof(s->counters));
}

void xt_snapshot_free(struct xt_snapshot *s)
{
	free(s->files);
	free(s->hists);
	memset(s, 0, sizeof(*s));
}

/* Room for one more element of an array that doubles. */
static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 256;
	void *bigger;

	if (n < *cap)
		return 0;
	bigger = realloc(*arr, want * size);
	if (!bigger)
		return -ENOMEM;
	*arr = bigger;
	*cap = want;
	return 0;
}

int xt_snapshot_add_file(struct xt_snapshot *s, const struct xip_file_key *key,
			 const struct xip_file_stats *st)
{
	if (grow((void **)&s->files, &s->capfiles, s->nfiles, sizeof(*s->files)))
		return -ENOMEM;
	s->files[s->nfiles].key = *key;
	s->files[s->nfiles].st = *st;
	s->nfiles++;
	return 0;
}

int xt_snapshot_add_hist(struct xt_snapshot *s, const struct xip_hist_key *key,
			 const struct xt_hist *h)
{
	if (grow((void **)&s->hists, &s->caphists, s->nhists, sizeof(*s->hists)))
		return -ENOMEM;
	s->hists[s->nhists].key = *key;
	s->hists[s->nhists].h = *h;
	s->nhists++;
	return 0;
}

static int cmp_file_key(const struct xip_file_key *x, const struct xip_file_key *y)
{
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	return (x->cgroup > y->cgroup) - (x->cgroup < y->cgroup);
}

/* The keys are the structs' first members. */
static int cmp_files(const void *a, const void *b)
{
	return cmp_file_key(a, b);
}

static int cmp_hists(const void *a, const void *b)
{
	const struct xip_hist_key *x = a, *y = b;
	int c = cmp_file_key(&x->file, &y->file);

	return c ? c : (x->lat > y->lat) - (x->lat < y->lat);
}

void xt_snapshot_sort(struct xt_snapshot *s)
{
	qsort(s->files, s->nfiles, sizeof(*s->files), cmp_files);
	qsort(s->hists, s->nhists, sizeof(*s->hists), cmp_hists);
}

const struct xt_file *xt_find_file(const struct xt_snapshot *s, const struct xip_file_key *key)
{
	return s->nfiles ? bsearch(key, s->files, s->nfiles, sizeof(*s->files), cmp_files) : NULL;
}

const struct xt_hist *xt_find_hist(const struct xt_snapshot *s, const struct xip_file_key *key,
				   unsigned int lat)
{
	struct xip_hist_key k = { .file = *key, .lat = lat };
	const struct xt_histrec *r;

	if (!s->nhists)
		return NULL;
	r = bsearch(&k, s->hists, s->nhists, sizeof(*s->hists), cmp_hists);
	return r ? &r->h : NULL;
}

void xt_stats_add(struct xip_file_stats *a, const struct xip_file_stats *b, int sign)
{
	/* Every member is a __u64 counter: add them as an array. */
	__u64 *x = (__u64 *)a;
	const __u64 *y = (const __u64 *)b;

	for (size_t i = 0; i < sizeof(*a) / sizeof(__u64); i++)
		x[i] += sign * y[i];
}

void xt_hist_add(struct xt_hist *a, const struct xt_hist *b, int sign)
{
	a->count += sign * b->count;
	a->sum_ns += sign * b->sum_ns;
	for (int i = 0; i < XIP_HIST_SLOTS; i++)
		a->slot[i] += sign * b->slot[i];
}

void xt_hist_from_bpf(struct xt_hist *h, const struct xip_hist *b)
{
	h->sum_ns += b->sum_ns;
	for (int i = 0; i < XIP_HIST_SLOTS; i++) {
		h->slot[i] += b->slot[i];
		h->count += b->slot[i];
	}
}

uint64_t xt_slot_low(unsigned int slot)
{
	return slot ? 1ULL << slot : 0;
}

uint64_t xt_slot_high(unsigned int slot)
{
	return (2ULL << slot) - 1;
}

uint64_t xt_hist_percentile(const struct xt_hist *h, double q)
{
	uint64_t total = 0, seen = 0;
	double rank;
	int i;

	for (i = 0; i < XIP_HIST_SLOTS; i++)
		total += h->slot[i];
	if (!total)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	/* rank: how many samples lie at or below the answer, at least one */
	rank = q * total;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < XIP_HIST_SLOTS; i++) {
		if (!h->slot[i])
			continue;
		if (seen + h->slot[i] >= rank) {
			double lo = xt_slot_low(i), hi = xt_slot_high(i) + 1;
			double frac = (rank - seen) / h->slot[i];

			return (uint64_t)(lo + frac * (hi - lo));
		}
		seen += h->slot[i];
	}
	return xt_slot_high(XIP_HIST_SLOTS - 1);
}

int xt_default_max_files(int ncpus)
{
	/* a row's share of both maps on every CPU (hists: 4 per row) */
	unsigned long per_row = (sizeof(struct xip_file_stats) + 4 * sizeof(struct xip_hist)) *
				(ncpus > 0 ? ncpus : 1);
	unsigned long n = XT_MAP_BUDGET / per_row;

	return n > 10240 ? 10240 : n < 64 ? 64 : n;
}

static int is_fault_kind(unsigned int lat)
{
	for (size_t i = 0; i < xt_nr_fault_kinds; i++)
		if (xt_fault_kinds[i] == lat)
			return 1;
	return 0;
}

uint64_t xt_total_faults(const struct xip_file_stats *st)
{
	uint64_t n = 0;

	for (size_t i = 0; i < xt_nr_fault_kinds; i++)
		n += st->count[xt_fault_kinds[i]];
	return n;
}

static int stats_zero(const struct xip_file_stats *st)
{
	static const struct xip_file_stats none;

	return !memcmp(st, &none, sizeof(*st));
}

/*
 * Both snapshots are sorted: walk them together (linear, where a lookup per
 * entry made 10,000 files cost 10,000 binary searches per interval).
 *
 * A file whose latencies changed is in the delta even if its counts did
 * not: a fault is counted before it is timed, so a read of the maps can
 * fall between the two, and the fault's time then arrives one interval
 * after its count. Left out, that time would never be shown.
 */
int xt_snapshot_delta(const struct xt_snapshot *cur, const struct xt_snapshot *old,
		      struct xt_snapshot *out)
{
	size_t i, j, h;
	int c;

	xt_snapshot_clear(out);
	out->time = cur->time;
	for (i = 0; i < XIP_NR_COUNTERS; i++)
		out->counters[i] = cur->counters[i] - old->counters[i];
	for (i = j = 0; i < cur->nhists; i++) {
		struct xt_hist d = cur->hists[i].h;

		c = 1;
		while (j < old->nhists && (c = cmp_hists(&old->hists[j], &cur->hists[i])) < 0)
			j++;
		if (!c)
			xt_hist_add(&d, &old->hists[j].h, -1);
		if (d.count && xt_snapshot_add_hist(out, &cur->hists[i].key, &d))
			return -ENOMEM;
	}
	for (i = j = h = 0; i < cur->nfiles; i++) {
		struct xip_file_stats d = cur->files[i].st;
		int timed;

		c = 1;
		while (j < old->nfiles && (c = cmp_files(&old->files[j], &cur->files[i])) < 0)
			j++;
		if (!c)
			xt_stats_add(&d, &old->files[j].st, -1);
		while (h < out->nhists && cmp_file_key(&out->hists[h].key.file, &cur->files[i].key) < 0)
			h++;
		timed = h < out->nhists && !cmp_file_key(&out->hists[h].key.file, &cur->files[i].key);
		if ((timed || !stats_zero(&d)) && xt_snapshot_add_file(out, &cur->files[i].key, &d))
			return -ENOMEM;
	}
	/* cur is sorted, and so, being a subsequence, is out */
	return 0;
}

void xt_rows_build(const struct xt_snapshot *delta, struct xt_row *rows)
{
	size_t j = 0;

	/* hists are sorted by file, then class: one walk beside the files */
	for (size_t i = 0; i < delta->nfiles; i++) {
		struct xt_row *r = &rows[i];

		memset(r, 0, sizeof(*r));
		r->f = &delta->files[i];
		r->faults = xt_total_faults(&r->f->st);
		while (j < delta->nhists && cmp_file_key(&delta->hists[j].key.file, &r->f->key) < 0)
			j++;
		for (; j < delta->nhists && !cmp_file_key(&delta->hists[j].key.file, &r->f->key); j++)
			if (is_fault_kind(delta->hists[j].key.lat))
				xt_hist_add(&r->all, &delta->hists[j].h, 1);
		r->p50 = xt_hist_percentile(&r->all, 0.50);
		r->p99 = xt_hist_percentile(&r->all, 0.99);
	}
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
	case XT_SORT_P50: return r->p50;
	case XT_SORT_P99: return r->p99;
	default: return 0;
	}
}

static enum xt_sort sort_by;

static int cmp_rows(const void *a, const void *b)
{
	const struct xt_row *x = a, *y = b;
	uint64_t vx, vy;
	int c;

	if (sort_by == XT_SORT_PATH) {
		c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
		if (c)
			return c;
	} else {
		vx = sort_value(x, sort_by);
		vy = sort_value(y, sort_by);
		if (vx != vy)
			return vx > vy ? -1 : 1;
	}
	return cmp_file_key(&x->f->key, &y->f->key);
}

void xt_rows_sort(struct xt_row *rows, size_t n, enum xt_sort by)
{
	sort_by = by;
	qsort(rows, n, sizeof(*rows), cmp_rows);
}

void xt_totals(const struct xt_snapshot *delta, struct xt_totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < delta->nfiles; i++)
		xt_stats_add(&t->st, &delta->files[i].st, 1);
	t->faults = xt_total_faults(&t->st);
	for (i = 0; i < delta->nhists; i++)
		if (delta->hists[i].key.lat < XIP_NR_LAT)
			xt_hist_add(&t->lat[delta->hists[i].key.lat], &delta->hists[i].h, 1);
}

double xt_fallback_ratio(const struct xip_file_stats *st)
{
	uint64_t fb = st->count[XIP_PMD_FALLBACK];
	uint64_t all = fb + st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE];

	return all ? (double)fb / all : -1;
}
