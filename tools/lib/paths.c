// SPDX-License-Identifier: GPL-2.0
/* Full paths of files (see paths.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "paths.h"

/* Does rel lie under root (both start with '/')? */
static int under(const char *root, const char *rel)
{
	size_t n = strlen(root);

	if (!strcmp(root, "/"))
		return 1;
	return !strncmp(root, rel, n) && (rel[n] == '/' || rel[n] == 0);
}

char *xl_path_join(const struct xl_mounts *mt, unsigned int dev, uint64_t ino,
		   const struct xip_path *p)
{
	const char *names[XIP_PATH_DEPTH];
	size_t lens[XIP_PATH_DEPTH];
	const struct xl_mount *best = NULL;
	/* every byte of buf, and a '/' before each name: nothing is cut */
	char rel[sizeof(p->buf) + XIP_PATH_DEPTH + 1] = "";
	size_t off = 0, used = 0, i, end;
	char *out;
	int depth = 0, rc;

	if (!p || !p->depth) {
		if (asprintf(&out, "[%u:%u ino %llu]", XIP_KDEV_MAJOR(dev), XIP_KDEV_MINOR(dev),
			     (unsigned long long)ino) < 0)
			return NULL;
		return out;
	}
	end = p->len < sizeof(p->buf) ? p->len : sizeof(p->buf);
	/*
	 * The names as the kernel side wrote them, each ending in a NUL but
	 * the last maybe not (buf full): lengths kept, never read past len
	 * (a short path's copy has nothing written after its first bytes).
	 */
	while (off < end && depth < XIP_PATH_DEPTH) {
		names[depth] = p->buf + off;
		lens[depth] = strnlen(p->buf + off, end - off);
		off += lens[depth++] + 1;
	}
	for (i = depth; i-- > 0;) {
		rel[used++] = '/';
		memcpy(rel + used, names[i], lens[i]);
		used += lens[i];
	}
	rel[used] = 0;
	/* the mount of dev whose root is the longest prefix of rel */
	for (i = 0; mt && i < mt->n; i++)
		if (mt->m[i].dev == dev && under(mt->m[i].root, rel) &&
		    (!best || strlen(mt->m[i].root) > strlen(best->root)))
			best = &mt->m[i];
	if (!p->complete)
		rc = asprintf(&out, "...%s", rel);
	else if (!best)
		rc = asprintf(&out, "[%u:%u]%s", XIP_KDEV_MAJOR(dev), XIP_KDEV_MINOR(dev), rel);
	else
		rc = asprintf(&out, "%s%s",
			      strcmp(best->point, "/") ? best->point : "",
			      rel + (strcmp(best->root, "/") ? strlen(best->root) : 0));
	return rc < 0 ? NULL : out;
}
