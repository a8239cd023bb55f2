// SPDX-License-Identifier: GPL-2.0
/* Snapshots of the maps (see snapshot.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot.h"
#include "filestats.h"

void xl_snapshot_clear(struct xl_snapshot *s)
{
	s->nfiles = 0;
	s->nhists = 0;
	s->ndevnodes = 0;
	memset(s->counters, 0, sizeof(s->counters));
	memset(&s->sums, 0, sizeof(s->sums));
	s->sums_valid = true;	/* of nothing */
}

void xl_snapshot_free(struct xl_snapshot *s)
{
	free(s->files);
	free(s->hists);
	free(s->devnodes);
	memset(s, 0, sizeof(*s));
}

/*
 * Past this many entries an array grows by an eighth, not double: an
 * interval's snapshot at 10,000 changed files held room for 16,384, 4.1
 * MB of its 10.6 never written (doubling); by a quarter, 10,300 held
 * room for 12,500, 1.8 MB (measured: xiptop's heap with 3,000 files
 * ending beside 10,000 active ones, docs/bench.md). The arrays only
 * grow, to the most entries an interval had: the few more
 * reallocations (twenty from 4,096 to 40,000 entries, where doubling
 * took four) happen once.
 */
#define XL_GROW_DOUBLE_MAX	4096

/* Room for one more entry in an array that grows when full; 0 or -ENOMEM. */
static int room(void **arr, size_t n, size_t *cap, size_t size)
{
	size_t want = !*cap ? 256 : *cap < XL_GROW_DOUBLE_MAX ? *cap * 2 : *cap + *cap / 8;
	void *bigger;

	if (n < *cap)
		return 0;
	bigger = reallocarray(*arr, want, size);
	if (!bigger)
		return -ENOMEM;
	*arr = bigger;
	*cap = want;
	return 0;
}

/* Append elem to an array that doubles when full; 0 or -ENOMEM. */
static int append(void **arr, size_t *n, size_t *cap, size_t size, const void *elem)
{
	if (room(arr, *n, cap, size))
		return -ENOMEM;
	memcpy((char *)*arr + (*n)++ * size, elem, size);
	return 0;
}

struct xl_file *xl_snapshot_grow_files(struct xl_snapshot *s)
{
	return room((void **)&s->files, s->nfiles, &s->capfiles, sizeof(*s->files)) ?
	       NULL : &s->files[s->nfiles];
}

struct xl_histrec *xl_snapshot_grow_hists(struct xl_snapshot *s)
{
	return room((void **)&s->hists, s->nhists, &s->caphists, sizeof(*s->hists)) ?
	       NULL : &s->hists[s->nhists];
}

int xl_snapshot_add_file(struct xl_snapshot *s, const struct xip_file_key *key,
			 const struct xip_file_stats *st)
{
	struct xl_file f = { .key = *key, .st = *st, .active = s->time, .row = XL_NO_ROW };

	s->sums_valid = false;
	return append((void **)&s->files, &s->nfiles, &s->capfiles, sizeof(f), &f);
}

int xl_snapshot_add_hist(struct xl_snapshot *s, const struct xip_hist_key *key,
			 const struct xl_hist *h)
{
	struct xl_histrec r = { .key = *key, .h = *h };

	s->sums_valid = false;
	return append((void **)&s->hists, &s->nhists, &s->caphists, sizeof(r), &r);
}

int xl_file_key_cmp(const struct xip_file_key *x, const struct xip_file_key *y)
{
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->gen != y->gen)
		return x->gen < y->gen ? -1 : 1;
	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	return (x->owner > y->owner) - (x->owner < y->owner);
}

/* The keys are the structs' first members. */
static int cmp_files(const void *a, const void *b)
{
	return xl_file_key_cmp(a, b);
}

static int cmp_hists(const void *a, const void *b)
{
	const struct xip_hist_key *x = a, *y = b;
	int c = xl_file_key_cmp(&x->file, &y->file);

	return c ? c : (x->lat > y->lat) - (x->lat < y->lat);
}

void xl_snapshot_sort(struct xl_snapshot *s)
{
	/* an empty array may be NULL, which qsort() must not be given */
	if (s->nfiles)
		qsort(s->files, s->nfiles, sizeof(*s->files), cmp_files);
	if (s->nhists)
		qsort(s->hists, s->nhists, sizeof(*s->hists), cmp_hists);
}

static int append_all(void **arr, size_t *n, size_t *cap, size_t size, const void *from,
		      size_t nfrom)
{
	for (size_t i = 0; i < nfrom; i++)
		if (append(arr, n, cap, size, (const char *)from + i * size))
			return -ENOMEM;
	return 0;
}

static void sums_add(struct xl_sums *a, const struct xl_sums *b)
{
	xl_stats_add(&a->st, &b->st);
	for (int l = 0; l < XIP_NR_LAT; l++)
		xl_hist_add(&a->lat[l], &b->lat[l]);
	a->fault_ns += b->fault_ns;
}

int xl_snapshot_merge(struct xl_snapshot *into, const struct xl_snapshot *from)
{
	size_t i, n;

	if (append_all((void **)&into->files, &into->nfiles, &into->capfiles, sizeof(*into->files),
		       from->files, from->nfiles) ||
	    append_all((void **)&into->hists, &into->nhists, &into->caphists, sizeof(*into->hists),
		       from->hists, from->nhists)) {
		into->sums_valid = false;
		return -ENOMEM;
	}
	for (i = 0; i < from->ndevnodes; i++)
		if (xl_snapshot_add_devnode(into, from->devnodes[i].dev, from->devnodes[i].node,
					    from->devnodes[i].faults)) {
			into->sums_valid = false;
			return -ENOMEM;
		}
	if (into->sums_valid && from->sums_valid)
		sums_add(&into->sums, &from->sums);
	else
		into->sums_valid = false;
	xl_snapshot_sort(into);
	/* one entry per file, and per file and class */
	for (i = 0, n = 0; i < into->nfiles; i++) {
		struct xl_file *f = &into->files[i];

		if (n && !xl_file_key_cmp(&into->files[n - 1].key, &f->key)) {
			struct xl_file *k = &into->files[n - 1];

			xl_stats_add(&k->st, &f->st);
			k->fault_ns += f->fault_ns;
			if (f->active > k->active)
				k->active = f->active;
			continue;
		}
		into->files[n++] = *f;
	}
	into->nfiles = n;
	for (i = 0, n = 0; i < into->nhists; i++) {
		struct xl_histrec *h = &into->hists[i];

		if (n && !xl_file_key_cmp(&into->hists[n - 1].key.file, &h->key.file) &&
		    into->hists[n - 1].key.lat == h->key.lat) {
			xl_hist_add(&into->hists[n - 1].h, &h->h);
			continue;
		}
		into->hists[n++] = *h;
	}
	into->nhists = n;
	return 0;
}

const struct xl_file *xl_find_file(const struct xl_snapshot *s, const struct xip_file_key *key)
{
	return s->nfiles ? bsearch(key, s->files, s->nfiles, sizeof(*s->files), cmp_files) : NULL;
}

const struct xl_hist *xl_find_hist(const struct xl_snapshot *s, const struct xip_file_key *key,
				   unsigned int lat)
{
	struct xip_hist_key k = { .file = *key, .lat = lat };
	const struct xl_histrec *r;

	if (!s->nhists)
		return NULL;
	r = bsearch(&k, s->hists, s->nhists, sizeof(*s->hists), cmp_hists);
	return r ? &r->h : NULL;
}

void xl_snapshot_filter(struct xl_snapshot *s, int (*keep)(const struct xl_file *f, void *ctx),
			void *ctx)
{
	size_t i, j, n = 0;

	s->sums_valid = false;
	for (i = 0; i < s->nfiles; i++)
		if (keep(&s->files[i], ctx))
			s->files[n++] = s->files[i];
	s->nfiles = n;
	for (i = j = 0; i < s->nhists; i++)
		if (xl_find_file(s, &s->hists[i].key.file))
			s->hists[j++] = s->hists[i];
	s->nhists = j;
}

int xl_snapshot_add_devnode(struct xl_snapshot *s, unsigned int dev, int node, uint64_t faults)
{
	struct xl_devnode d = { .dev = dev, .node = node, .faults = faults };

	for (size_t i = 0; i < s->ndevnodes; i++)	/* a few devices by a few nodes */
		if (s->devnodes[i].dev == dev && s->devnodes[i].node == node) {
			s->devnodes[i].faults += faults;
			return 0;
		}
	return append((void **)&s->devnodes, &s->ndevnodes, &s->capdevnodes, sizeof(d), &d);
}

uint64_t xl_snapshot_devnode(const struct xl_snapshot *s, unsigned int dev, int node)
{
	uint64_t n = 0;

	for (size_t i = 0; i < s->ndevnodes; i++) {
		const struct xl_devnode *d = &s->devnodes[i];

		if (d->dev == dev && (node >= 0 ? d->node == node : d->node != -node - 1))
			n += d->faults;
	}
	return n;
}
