// SPDX-License-Identifier: GPL-2.0
/* Which rows leave the maps (see lifecycle.h). */
#define _GNU_SOURCE		/* qsort_r */
#include <stdlib.h>
#include "lifecycle.h"

size_t xl_headroom(size_t max_files)
{
	size_t h = max_files / 8;

	return h < 16 ? (max_files > 32 ? 16 : max_files / 2) : h;
}

bool xl_gone_matches(const struct xip_gone *g, const struct xip_file_key *k)
{
	switch (g->what) {
	case XIP_GONE_INODE:
		return g->dev == k->dev && g->ino == k->ino && g->gen == k->gen;
	case XIP_GONE_PROCESS:
		/* only per-process rows have a process; its start time tells pids apart */
		return k->tgid && g->tgid == k->tgid && g->start == k->owner;
	default:
		return 0;
	}
}

/* The first row of an inode, or where it would be: rows sort by (dev, ino, gen) first. */
static size_t first_of_inode(const struct xl_snapshot *s, unsigned int dev, uint64_t ino,
			     uint32_t gen)
{
	struct xip_file_key lo = { .ino = ino, .dev = dev, .gen = gen };
	size_t a = 0, b = s->nfiles;

	while (a < b) {
		size_t m = (a + b) / 2;

		if (xl_file_key_cmp(&s->files[m].key, &lo) < 0)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

static bool same_inode(const struct xip_file_key *k, unsigned int dev, uint64_t ino, uint32_t gen)
{
	return k->dev == dev && k->ino == ino && k->gen == gen;
}

bool xl_inode_stays(const struct xl_snapshot *s, const unsigned char *drop, unsigned int dev,
		    uint64_t ino, uint32_t gen)
{
	for (size_t i = first_of_inode(s, dev, ino, gen);
	     i < s->nfiles && same_inode(&s->files[i].key, dev, ino, gen); i++)
		if (!drop[i])
			return true;
	return false;
}

size_t xl_mark_gone(const struct xl_snapshot *s, const struct xip_gone *g, size_t ng,
		    unsigned char *drop)
{
	size_t i, j, n = 0;

	/* gone lists are short and rows many: for each gone, its rows */
	for (j = 0; j < ng; j++) {
		if (g[j].what == XIP_GONE_INODE) {
			for (i = first_of_inode(s, g[j].dev, g[j].ino, g[j].gen);
			     i < s->nfiles && xl_gone_matches(&g[j], &s->files[i].key); i++)
				if (!drop[i]) {
					drop[i] = XL_EXPIRED;
					n++;
				}
		} else if (g[j].what == XIP_GONE_PROCESS) {
			for (i = 0; i < s->nfiles; i++)
				if (!drop[i] && xl_gone_matches(&g[j], &s->files[i].key)) {
					drop[i] = XL_EXPIRED;
					n++;
				}
		}
	}
	return n;
}

static int cmp_active(const void *a, const void *b, void *arg)
{
	const struct xl_snapshot *s = arg;
	const struct xl_file *x = &s->files[*(const size_t *)a], *y = &s->files[*(const size_t *)b];

	if (x->active != y->active)
		return x->active < y->active ? -1 : 1;
	return xl_file_key_cmp(&x->key, &y->key);
}

long xl_mark_idle(const struct xl_snapshot *s, size_t keep, unsigned char *drop)
{
	size_t i, n = 0, left = 0, *idx;
	long marked = 0;

	for (i = 0; i < s->nfiles; i++)
		left += !drop[i];
	if (left <= keep)
		return 0;
	idx = malloc(left * sizeof(*idx));
	if (!idx)
		return -1;
	for (i = 0; i < s->nfiles; i++)
		if (!drop[i])
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_active, (void *)s);
	for (i = 0; i < left - keep; i++) {
		drop[idx[i]] = XL_EVICTED;
		marked++;
	}
	free(idx);
	return marked;
}
