// SPDX-License-Identifier: GPL-2.0
/* Mappings of DAX files with 2 MiB faults turned off, from /proc (see procmaps.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "procmaps.h"
#include "xiptop.h"

#define PMD_BYTES	(2UL << 20)

static const struct xt_fsinfo *watched_dax(const struct xt_fsinfo *fs, size_t nfs, unsigned int dev)
{
	for (size_t i = 0; i < nfs; i++)
		if (fs[i].dev == dev && fs[i].watched && fs[i].dax_mounted)
			return &fs[i];
	return NULL;
}

/* A maps/smaps header line: "start-end perms offset MAJ:MIN inode path". */
static bool header(const char *line, unsigned long *len, unsigned int *dev, unsigned long *ino)
{
	unsigned long start, end, off;
	unsigned int maj, min;
	char perms[8];

	if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &start, &end, perms, &off, &maj, &min, ino) != 7)
		return false;
	*len = end - start;
	*dev = XIP_KDEV(maj, min);
	return true;
}

/* Does this process map a watched DAX file, 2 MiB or more? (maps is cheaper than smaps) */
static int maps_dax(const char *proc, const char *pid, const struct xt_fsinfo *fs, size_t nfs)
{
	char path[300], line[512];
	unsigned long len, ino;
	unsigned int dev;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/maps", proc, pid);
	f = fopen(path, "r");
	if (!f)
		return errno == EACCES || errno == EPERM ? -1 : 0;
	while (!found && fgets(line, sizeof(line), f))
		found = header(line, &len, &dev, &ino) && ino && len >= PMD_BYTES &&
			watched_dax(fs, nfs, dev);
	fclose(f);
	return found;
}

/* Its name and whether it turned 2 MiB pages off (prctl): from status. */
static void status(const char *proc, const char *pid, char comm[16], bool *thp_off)
{
	char path[300], line[256];
	FILE *f;

	*thp_off = false;
	snprintf(comm, 16, "?");
	snprintf(path, sizeof(path), "%s/%s/status", proc, pid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Name:\t", 6)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(comm, 16, "%.15s", line + 6);
		} else if (!strncmp(line, "THP_enabled:", 12)) {
			*thp_off = atoi(line + 12) == 0;
		}
	}
	fclose(f);
}

static int add(struct xt_nothp_list *out, const struct xt_nothp *m)
{
	for (size_t i = 0; i < out->n; i++)
		if (out->m[i].pid == m->pid && out->m[i].dev == m->dev && out->m[i].ino == m->ino)
			return 0;	/* a file once per process */
	if (out->n == out->cap) {
		size_t cap = out->cap ? 2 * out->cap : 8;
		struct xt_nothp *p = realloc(out->m, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		out->m = p;
		out->cap = cap;
	}
	out->m[out->n++] = *m;
	return 0;
}

/* "nh" among VmFlags' two-letter words */
static bool nohugepage(const char *flags)
{
	for (const char *p = flags; (p = strstr(p, "nh")); p += 2)
		if ((p == flags || p[-1] == ' ') && (!p[2] || isspace((unsigned char)p[2])))
			return true;
	return false;
}

static int scan_pid(struct xt_nothp_list *out, const char *proc, const char *pid,
		    const struct xt_fsinfo *fs, size_t nfs)
{
	struct xt_nothp m = { .pid = atoi(pid) };
	char path[300], line[1024];
	bool thp_off, cand = false;
	unsigned long len, ino;
	unsigned int dev;
	int err = 0;
	FILE *f;

	status(proc, pid, m.comm, &thp_off);
	snprintf(path, sizeof(path), "%s/%s/smaps", proc, pid);
	f = fopen(path, "r");
	if (!f) {
		out->unreadable += errno == EACCES || errno == EPERM;
		return 0;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		if (header(line, &len, &dev, &ino)) {
			cand = ino && len >= PMD_BYTES && watched_dax(fs, nfs, dev);
			m.dev = dev;
			m.ino = ino;
		} else if (cand && !strncmp(line, "VmFlags:", 8)) {
			m.why = thp_off ? "prctl(PR_SET_THP_DISABLE)" :
				nohugepage(line + 8) ? "madvise(MADV_NOHUGEPAGE)" : NULL;
			if (m.why)
				err = add(out, &m);
			cand = false;
		}
	}
	fclose(f);
	return err;
}

int xt_nothp_scan(struct xt_nothp_list *out, const char *proc, const struct xt_fsinfo *fs,
		  size_t nfs)
{
	struct dirent *d;
	DIR *dir = opendir(proc);
	int err = 0;

	if (!dir)
		return 0;
	while (!err && (d = readdir(dir))) {
		int has;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		has = maps_dax(proc, d->d_name, fs, nfs);
		if (has < 0)
			out->unreadable++;
		else if (has)
			err = scan_pid(out, proc, d->d_name, fs, nfs);
	}
	closedir(dir);
	return err;
}

void xt_nothp_free(struct xt_nothp_list *l)
{
	free(l->m);
	memset(l, 0, sizeof(*l));
}
