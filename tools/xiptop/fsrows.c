// SPDX-License-Identifier: GPL-2.0
/* Per file system sums, for the exporter (see fsrows.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filestats.h"
#include "fsrows.h"

/* The file system's row, made if need be; NULL: no memory. */
static struct xt_fsrow *row_of(struct xt_fsrows *t, unsigned int dev)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->r[i].dev == dev)
			return &t->r[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
		struct xt_fsrow *r = realloc(t->r, cap * sizeof(*r));

		if (!r)
			return NULL;
		t->r = r;
		t->cap = cap;
	}
	memset(&t->r[t->n], 0, sizeof(t->r[0]));
	t->r[t->n].dev = dev;
	return &t->r[t->n++];
}

static int by_dev(const void *x, const void *y)
{
	const struct xt_fsrow *a = x, *b = y;

	return (a->dev > b->dev) - (a->dev < b->dev);
}

int xt_fsrows_build(struct xt_fsrows *out, const struct xt_view *v, const struct xt_fsrows *retired,
		    const struct xl_mounts *mt)
{
	size_t i;

	out->n = 0;
	for (i = 0; retired && i < retired->n; i++) {
		struct xt_fsrow *r = row_of(out, retired->r[i].dev);

		if (!r)
			return -ENOMEM;
		*r = retired->r[i];
	}
	for (i = 0; i < v->nrows; i++) {
		const struct xt_row *row = &v->rows[i];
		struct xt_fsrow *r = row_of(out, row->f->key.dev);

		if (!r)
			return -ENOMEM;
		xl_stats_add(&r->st, &row->f->st);
		for (int l = 0; l < XIP_NR_LAT; l++)
			if (row->lat[l])
				xl_hist_add(&r->lat[l], row->lat[l]);
	}
	if (out->n)	/* qsort() of NULL is undefined, even of 0 items */
		qsort(out->r, out->n, sizeof(out->r[0]), by_dev);
	/* named after sorting: an unmounted one points into its own row */
	for (i = 0; i < out->n; i++) {
		struct xt_fsrow *r = &out->r[i];
		const struct xl_mount *m = xl_mounts_find(mt, r->dev);

		snprintf(r->devnum, sizeof(r->devnum), "%u:%u", XIP_KDEV_MAJOR(r->dev),
			 XIP_KDEV_MINOR(r->dev));
		/* not mounted here (gone, or in another mount namespace): its number tells it apart */
		r->device = m ? m->source : r->devnum;
		r->mountpoint = m ? m->point : "";
		r->fstype = m ? m->fstype : "";
	}
	return 0;
}

int xt_fsrows_retire(struct xt_fsrows *retired, const struct xl_snapshot *s,
		     const unsigned char *drop)
{
	size_t h = 0;

	for (size_t i = 0; i < s->nfiles; i++) {
		const struct xl_file *f = &s->files[i];
		struct xt_fsrow *r;

		if (!drop[i])
			continue;
		r = row_of(retired, f->key.dev);
		if (!r)
			return -ENOMEM;
		xl_stats_add(&r->st, &f->st);
		/* histograms are sorted by file, then class: catch up with this file */
		while (h < s->nhists && xl_file_key_cmp(&s->hists[h].key.file, &f->key) < 0)
			h++;
		for (; h < s->nhists && !xl_file_key_cmp(&s->hists[h].key.file, &f->key); h++)
			if (s->hists[h].key.lat < XIP_NR_LAT)
				xl_hist_add(&r->lat[s->hists[h].key.lat], &s->hists[h].h);
	}
	return 0;
}

void xt_fsrows_free(struct xt_fsrows *t)
{
	free(t->r);
	memset(t, 0, sizeof(*t));
}
