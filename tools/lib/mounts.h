/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mount table, read with util-linux's libmount (it knows mountinfo's
 * escapes and its optional fields): which directory of which device is
 * mounted where.
 */
#ifndef XL_MOUNTS_H
#define XL_MOUNTS_H

#include <stddef.h>

struct xl_mount {
	unsigned int dev;	/* XIP_KDEV: as the kernel and the maps number it */
	char *root;		/* the file system's directory mounted here */
	char *point;		/* where */
	char *source;		/* what: the device as mounted ("/dev/pmem0") */
	char *fstype;
	char *options;		/* the file system's own (dax=never, ...) */
};

struct xl_mounts {
	struct xl_mount *m;
	size_t n;
};

/* Read a mountinfo file (/proc/self/mountinfo); 0 or -errno. */
int xl_mounts_load(struct xl_mounts *mt, const char *mountinfo);
void xl_mounts_free(struct xl_mounts *mt);
/* The mount of a file system (its first whole one, else its first); NULL if not mounted. */
const struct xl_mount *xl_mounts_find(const struct xl_mounts *mt, unsigned int dev);

#endif
