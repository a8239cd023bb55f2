// SPDX-License-Identifier: GPL-2.0
/* The mount table through libmount (see mounts.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <libmount/libmount.h>
#include <linux/types.h>
#include "mounts.h"
#include "xiptop.h"

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

int xl_mounts_load(struct xl_mounts *mt, const char *mountinfo)
{
	struct libmnt_table *tb;
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	int err = 0;

	mt->m = NULL;
	mt->n = 0;
	errno = 0;
	tb = mnt_new_table_from_file(mountinfo);
	if (!tb)
		return errno ? -errno : -EINVAL;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it) {
		mnt_unref_table(tb);
		return -ENOMEM;
	}
	while (!mnt_table_next_fs(tb, it, &fs)) {
		struct xl_mount *bigger = realloc(mt->m, (mt->n + 1) * sizeof(*mt->m));
		struct xl_mount *m;
		dev_t d = mnt_fs_get_devno(fs);

		if (!bigger) {
			err = -ENOMEM;
			break;
		}
		mt->m = bigger;
		m = &mt->m[mt->n];
		m->dev = XIP_KDEV(major(d), minor(d));
		m->root = dup_or_empty(mnt_fs_get_root(fs));
		m->point = dup_or_empty(mnt_fs_get_target(fs));
		m->source = dup_or_empty(mnt_fs_get_source(fs));
		m->fstype = dup_or_empty(mnt_fs_get_fstype(fs));
		m->options = dup_or_empty(mnt_fs_get_fs_options(fs));
		mt->n++;
		if (!m->root || !m->point || !m->source || !m->fstype || !m->options) {
			err = -ENOMEM;
			break;
		}
	}
	mnt_free_iter(it);
	mnt_unref_table(tb);
	if (err)
		xl_mounts_free(mt);
	return err;
}

void xl_mounts_free(struct xl_mounts *mt)
{
	for (size_t i = 0; i < mt->n; i++) {
		free(mt->m[i].root);
		free(mt->m[i].point);
		free(mt->m[i].source);
		free(mt->m[i].fstype);
		free(mt->m[i].options);
	}
	free(mt->m);
	mt->m = NULL;
	mt->n = 0;
}

const struct xl_mount *xl_mounts_find(const struct xl_mounts *mt, unsigned int dev)
{
	const struct xl_mount *best = NULL;

	for (size_t i = 0; i < mt->n; i++) {
		const struct xl_mount *m = &mt->m[i];

		if (m->dev != dev)
			continue;
		/* the whole file system rather than a bind mount of a directory of it */
		if (!best || (!strcmp(m->root, "/") && strcmp(best->root, "/")))
			best = m;
	}
	return best;
}
