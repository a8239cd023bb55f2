// SPDX-License-Identifier: GPL-2.0
/* Each mounted file system's device, and whether it can do DAX (see sysinfo.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sysinfo.h"
#include "xiptop.h"

/*
 * Does the block device (MAJ:MIN, as mounted: dm and by-id names too) say it
 * can do DAX? A partition asks its disk.
 */
static bool dax_capable(const char *sysfs, const char *name)
{
	static const char *const where[] = { "%s/dev/block/%s/queue/dax", "%s/dev/block/%s/../queue/dax" };
	char path[512], c = 0;

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		FILE *f;

		snprintf(path, sizeof(path), where[i], sysfs, name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fread(&c, 1, 1, f) != 1)
			c = 0;
		fclose(f);
		return c == '1';
	}
	return false;
}

/* A partition's start on its disk, bytes (sysfs counts 512-byte sectors); 0: a whole disk. */
static uint64_t part_start(const char *sysfs, const char *name)
{
	char path[512];
	unsigned long long sectors = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/dev/block/%s/start", sysfs, name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &sectors) != 1)
		sectors = 0;
	fclose(f);
	return sectors * 512;
}

/*
 * The pmem behind a block device: its namespace's (fsdax: the pfn
 * device's) alignment and name, and the NUMA node of its memory. sysfs:
 * /sys/dev/block/MAJ:MIN/device is the pfn device in fsdax mode, the
 * namespace in raw mode; a partition asks its disk's.
 */
struct pmem_info {
	uint64_t align;
	char name[32];
	int node;
};

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

static void pmem_info(const char *sysfs, const char *name, struct pmem_info *pi)
{
	static const char *const where[] = { "%s/dev/block/%s/device", "%s/dev/block/%s/../device" };
	char dir[512], path[600], buf[64];

	*pi = (struct pmem_info){ .node = -1 };
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		snprintf(dir, sizeof(dir), where[i], sysfs, name);
		snprintf(path, sizeof(path), "%s/numa_node", dir);
		if (!read_line(path, buf, sizeof(buf)))
			continue;	/* not a pmem device (or not this level) */
		pi->node = atoi(buf);
		snprintf(path, sizeof(path), "%s/align", dir);
		if (read_line(path, buf, sizeof(buf)))
			pi->align = strtoull(buf, NULL, 0);
		/* a pfn device names its namespace; a raw namespace is the device itself */
		snprintf(path, sizeof(path), "%s/namespace", dir);
		if (!read_line(path, pi->name, sizeof(pi->name)) || !pi->name[0])
			pi->name[0] = 0;
		return;
	}
}

/* The value of option NAME= in a comma-separated list; 0: absent. */
static uint64_t option(const char *opts, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == '=')
			return strtoull(p + n + 1, NULL, 10);
	return 0;
}

/*
 * DAX on, unless dax=never: dax and dax=always for every file, and with
 * dax=inode (what ext4 and XFS do given no option; XFS prints no option
 * then) for the files whose attribute says so.
 */
static bool dax_never(const char *opts)
{
	for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, "dax=never", 9) && (p[9] == ',' || !p[9]))
			return true;
	return false;
}

int xt_fsinfo_load(struct xt_fsinfo **out, size_t *n, const struct xl_mounts *mt, const char *sysfs,
		   unsigned int kdev)
{
	struct xt_fsinfo *fs = calloc(mt->n + 1, sizeof(*fs));

	*n = 0;
	*out = fs;
	if (!fs)
		return -ENOMEM;
	for (size_t i = 0; i < mt->n; i++) {
		const struct xl_mount *m = xl_mounts_find(mt, mt->m[i].dev);
		size_t j;

		for (j = 0; j < *n && fs[j].dev != m->dev; j++)
			;
		if (j < *n)
			continue;	/* a file system once, however often mounted */
		struct pmem_info pi = { .node = -1 };
		char num[24];
		bool capable;

		snprintf(num, sizeof(num), "%u:%u", XIP_KDEV_MAJOR(m->dev), XIP_KDEV_MINOR(m->dev));
		capable = dax_capable(sysfs, num);
		if (capable)
			pmem_info(sysfs, num, &pi);
		fs[*n] = (struct xt_fsinfo){
			.dev = m->dev, .source = m->source, .mountpoint = m->point, .fstype = m->fstype,
			.options = m->options, .watched = !kdev || m->dev == kdev,
			.dax_capable = capable,
			.dax_mounted = capable && !dax_never(m->options),
			.part_start = capable ? part_start(sysfs, num) : 0,
			.ns_align = pi.align, .numa_node = pi.node,
			/* ext4's stripe= counts blocks (DAX: 4 KiB); XFS's sunit= 512-byte sectors */
			.alloc_align = !strcmp(m->fstype, "ext4") ? option(m->options, "stripe") * 4096 :
				       !strcmp(m->fstype, "xfs") ? option(m->options, "sunit") * 512 : 0,
		};
		snprintf(fs[*n].ns_name, sizeof(fs[*n].ns_name), "%s", pi.name);
		(*n)++;
	}
	return 0;
}
