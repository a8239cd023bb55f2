// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/types.h>
#include "checks.h"
#include "error.h"
#include "xiptop.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif
#define EXT4_SUPER_MAGIC 0xEF53
#define XFS_SUPER_MAGIC 0x58465342

/* Is a new file in dir DAX? Asked of a real file: the mount option alone can be dax=inode. */
static int probe_dax(const char *dir, int *dax)
{
	char path[PATH_MAX];
	struct statx stx;
	int fd, e = 0;

	snprintf(path, sizeof(path), "%s/.xipbench-probe-%d", dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -errno;
	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		e = -errno;
	else
		*dax = !!(stx.stx_attributes & STATX_ATTR_DAX);
	close(fd);
	unlink(path);
	return e;
}

/* The block device under the file system: name, driver, size. */
static void probe_device(struct xb_fs *fs, dev_t dev)
{
	char link[96], real[PATH_MAX], path[PATH_MAX + 32], drv[PATH_MAX];
	unsigned long long sectors = 0;
	FILE *f;

	snprintf(fs->devname, sizeof(fs->devname), "%u:%u", major(dev), minor(dev));
	snprintf(fs->kind, sizeof(fs->kind), "unknown");
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev), minor(dev));
	if (!realpath(link, real))
		return;		/* not a block device: tmpfs, 9p, ... */
	snprintf(fs->devname, sizeof(fs->devname), "%s", basename(real));
	snprintf(path, sizeof(path), "%s/size", real);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%llu", &sectors) == 1)
			fs->dev_bytes = sectors * 512;
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/partition", real);
	if (!access(path, F_OK))	/* a partition: the disk has the driver */
		*strrchr(real, '/') = 0;
	snprintf(path, sizeof(path), "%s/device/driver", real);
	if (realpath(path, drv))
		snprintf(fs->kind, sizeof(fs->kind), "%s", basename(drv));
}

int xb_fs_probe(const char *dir, struct xb_fs *fs, char *err, size_t errlen)
{
	struct statvfs sv;
	struct statfs sf;
	struct stat st;
	int e;

	memset(fs, 0, sizeof(*fs));
	fs->dir = dir;
	if (stat(dir, &st))
		return xl_errorf(err, errlen, "%s: %s: give a directory on a mounted ext4 or XFS", dir,
			    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return xl_errorf(err, errlen, "%s is not a directory: give a directory on a mounted ext4 or XFS",
			    dir);
	if (statfs(dir, &sf) || statvfs(dir, &sv))
		return xl_errorf(err, errlen, "%s: %s", dir, strerror(errno));
	if (sf.f_type != EXT4_SUPER_MAGIC && sf.f_type != XFS_SUPER_MAGIC)
		return xl_errorf(err, errlen, "%s is not on ext4 or XFS: xipbench compares one of them with and without DAX",
			    dir);
	fs->fstype = sf.f_type == EXT4_SUPER_MAGIC ? "ext4" : "xfs";
	fs->kdev = XIP_KDEV(major(st.st_dev), minor(st.st_dev));
	fs->free_bytes = (unsigned long long)sv.f_bavail * sv.f_frsize;
	e = probe_dax(dir, &fs->dax);
	if (e)
		return xl_errorf(err, errlen, "cannot create a file in %s: %s", dir, strerror(-e));
	probe_device(fs, st.st_dev);
	return 0;
}

static int check_space(const struct xb_fs *fs, unsigned long long need, char *err, size_t errlen)
{
	if (fs->free_bytes >= need)
		return 0;
	return xl_errorf(err, errlen, "not enough space in %s: %llu MiB free, %llu MiB needed (try a smaller --size)",
			 fs->dir, fs->free_bytes >> 20, need >> 20);
}

int xb_fs_compare(const struct xb_fs *dax, const struct xb_fs *pc, unsigned long long need,
		  int any_device, char *err, size_t errlen)
{
	if (!dax->dax)
		return xl_errorf(err, errlen, "%s is not on DAX: mount its file system with -o dax (on a pmem device)",
			    dax->dir);
	if (pc->dax)
		return xl_errorf(err, errlen, "%s is on DAX: give a page-cache one (-o dax=never) second",
			    pc->dir);
	if (dax->fstype && pc->fstype && strcmp(dax->fstype, pc->fstype))
		return xl_errorf(err, errlen, "%s is on %s and %s on %s: give two file systems of one type",
			    dax->dir, dax->fstype, pc->dir, pc->fstype);
	if (dax->kdev == pc->kdev)
		return xl_errorf(err, errlen, "%s and %s are on one device: give two identical devices",
			    dax->dir, pc->dir);
	if (!any_device && (strcmp(dax->kind, pc->kind) || dax->dev_bytes != pc->dev_bytes))
		return xl_errorf(err, errlen,
			    "%s (%s, %s, %llu MiB) and %s (%s, %s, %llu MiB) are not the same kind of device: use two identical ones (or --any-device)",
			    dax->dir, dax->devname, dax->kind, dax->dev_bytes >> 20,
			    pc->dir, pc->devname, pc->kind, pc->dev_bytes >> 20);
	return check_space(dax, need, err, errlen) ?: check_space(pc, need, err, errlen);
}
