// SPDX-License-Identifier: GPL-2.0
/* Snapshots of the maps and their deltas (see snapshot.h). */
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
}

void xl_snapshot_free(struct xl_snapshot *s)
{
	free(s->files);
	free(s->hists);
	free(s->devnodes);
	memset(s, 0, sizeof(*s));
}

/* Append elem to an array that doubles when full; 0 or -ENOMEM. */
static int append(void **arr, size_t *n, size_t *cap, size_t size, const void *elem)
{
	if (*n == *cap) {
		size_t want = *cap ? *cap * 2 : 256;
		void *bigger = realloc(*arr, want * size);

		if (!bigger)
			return -ENOMEM;
		*arr = bigger;
		*cap = want;
	}
	memcpy((char *)*arr + (*n)++ * size, elem, size);
	return 0;
}

int xl_snapshot_add_file(struct xl_snapshot *s, const struct xip_file_key *key,
			 const struct xip_file_stats *st)
{
	struct xl_file f = { .key = *key, .st = *st, .active = s->time };

	return append((void **)&s->files, &s->nfiles, &s->capfiles, sizeof(f), &f);
}

int xl_snapshot_add_hist(struct xl_snapshot *s, const struct xip_hist_key *key,
			 const struct xl_hist *h)
{
	struct xl_histrec r = { .key = *key, .h = *h };

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

/*
 * Both snapshots are sorted: walk them together (linear, where a lookup per
 * entry made 10,000 files cost 10,000 binary searches per interval).
 *
 * A file whose latencies changed is in the delta even if its counts did
 * not: a fault is counted before it is timed, so a read of the maps can
 * fall between the two, and the fault's time then arrives one interval
 * after its count. Left out, that time would never be shown.
 */
int xl_snapshot_delta(const struct xl_snapshot *cur, const struct xl_snapshot *old,
		      struct xl_snapshot *out)
{
	size_t i, j, h;
	int c;

	xl_snapshot_clear(out);
	out->time = cur->time;
	for (i = 0; i < XIP_NR_COUNTERS; i++)
		out->counters[i] = cur->counters[i] - old->counters[i];
	for (i = j = 0; i < cur->nhists; i++) {
		struct xl_hist d = cur->hists[i].h;

		c = 1;
		while (j < old->nhists && (c = cmp_hists(&old->hists[j], &cur->hists[i])) < 0)
			j++;
		if (!c)
			xl_hist_add(&d, &old->hists[j].h, -1);
		if (d.count && xl_snapshot_add_hist(out, &cur->hists[i].key, &d))
			return -ENOMEM;
	}
	for (i = j = h = 0; i < cur->nfiles; i++) {
		struct xip_file_stats d = cur->files[i].st;
		int timed;

		c = 1;
		while (j < old->nfiles && (c = cmp_files(&old->files[j], &cur->files[i])) < 0)
			j++;
		if (!c)
			xl_stats_add(&d, &old->files[j].st, -1);
		while (h < out->nhists &&
		       xl_file_key_cmp(&out->hists[h].key.file, &cur->files[i].key) < 0)
			h++;
		timed = h < out->nhists &&
			!xl_file_key_cmp(&out->hists[h].key.file, &cur->files[i].key);
		if ((timed || !xl_stats_zero(&d)) && xl_snapshot_add_file(out, &cur->files[i].key, &d))
			return -ENOMEM;
	}
	/* cur is sorted, and so, being a subsequence, is out */
	return 0;
}

void xl_snapshot_filter(struct xl_snapshot *s, int (*keep)(const struct xl_file *f, void *ctx),
			void *ctx)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->nfiles; i++)
		if (keep(&s->files[i], ctx))
			s->files[n++] = s->files[i];
	s->nfiles = n;
	for (i = j = 0; i < s->nhists; i++)
		if (xl_find_file(s, &s->hists[i].key.file))
			s->hists[j++] = s->hists[i];
	s->nhists = j;
}

void xl_snapshot_carry(struct xl_snapshot *cur, const struct xl_snapshot *old)
{
	size_t i, j = 0;
	int c;

	for (i = 0; i < cur->nfiles; i++) {
		struct xl_file *f = &cur->files[i];

		c = 1;
		while (j < old->nfiles && (c = cmp_files(&old->files[j], f)) < 0)
			j++;
		f->active = !c && !memcmp(&old->files[j].st, &f->st, sizeof(f->st)) ?
			    old->files[j].active : cur->time;
	}
}

void xl_snapshot_drop(struct xl_snapshot *s, const unsigned char *drop)
{
	size_t i = 0, j, n = 0, h = 0;

	/*
	 * A histogram goes with its file, and only then: one whose row the
	 * files read missed (made between the two reads) stays, or its
	 * samples would count again in the next delta.
	 */
	for (j = 0; j < s->nhists; j++) {
		const struct xip_file_key *k = &s->hists[j].key.file;

		while (i < s->nfiles && xl_file_key_cmp(&s->files[i].key, k) < 0)
			i++;
		if (i < s->nfiles && drop[i] && !xl_file_key_cmp(&s->files[i].key, k))
			continue;
		s->hists[h++] = s->hists[j];
	}
	for (i = 0; i < s->nfiles; i++)
		if (!drop[i])
			s->files[n++] = s->files[i];
	s->nfiles = n;
	s->nhists = h;
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
