/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of xipbench's two directories before anything runs: one on a DAX
 * ext4, one on a page-cache ext4, on separate devices of the same kind,
 * each with room for the run.
 */
#ifndef XB_CHECKS_H
#define XB_CHECKS_H

#include <stddef.h>

struct xb_fs {
	const char *dir;
	unsigned int kdev;		/* XIP_KDEV(): as the kernel numbers it */
	char devname[64];		/* "pmem0" */
	char kind[64];			/* the device's driver, e.g. "nd_pmem" */
	unsigned long long dev_bytes;
	unsigned long long free_bytes;
	int dax;			/* files here are DAX (STATX_ATTR_DAX) */
	const char *fstype;		/* "ext4" or "xfs" */
};

/* Fill fs for dir; 0, or -1 with a one-line message (what to do) in err. */
int xb_fs_probe(const char *dir, struct xb_fs *fs, char *err, size_t errlen);

/*
 * dax and pc fit a comparison of files of size bytes (need: bytes each
 * file system must have free); 0, or -1 with a message in err.
 */
int xb_fs_compare(const struct xb_fs *dax, const struct xb_fs *pc, unsigned long long need,
		  int any_device, char *err, size_t errlen);

#endif
