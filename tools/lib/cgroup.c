// SPDX-License-Identifier: GPL-2.0
/* Cgroup paths from ids (see cgroup.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cgroup.h"

/* Deeper than systemd, containers and their nesting ever go; a loop guard. */
#define MAX_DEPTH 32

/*
 * On cgroup v2 a cgroup's id is its directory's inode number: search the
 * tree below dfd (whose path under the root is rel) for it, depth first.
 * 1 and *found set, or 0.
 */
static int search(int dfd, dev_t fs, const char *rel, uint64_t id, int depth, char **found)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	int hit = 0;

	if (!d) {
		close(dfd);
		return 0;
	}
	while (!hit && (e = readdir(d))) {
		struct stat st;
		char *sub;
		int fd;

		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		/* one file system: a v1 hierarchy mounted below has other inode numbers */
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode) ||
		    st.st_dev != fs)
			continue;
		if (asprintf(&sub, "%s/%s", rel, e->d_name) < 0)
			break;
		if (st.st_ino == id) {
			*found = sub;
			hit = 1;
			break;
		}
		fd = depth < MAX_DEPTH ? openat(dirfd(d), e->d_name,
						O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
		if (fd >= 0)
			hit = search(fd, fs, sub, id, depth + 1, found);
		free(sub);
	}
	closedir(d);
	return hit;
}

char *xl_cgroup_path(const char *cgroot, uint64_t id)
{
	char *out = NULL;
	struct stat st;
	int fd;

	if (stat(cgroot, &st))
		goto unknown;
	if (st.st_ino == id)
		return strdup("/");
	fd = open(cgroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && search(fd, st.st_dev, "", id, 0, &out))
		return out;
unknown:
	if (asprintf(&out, "[cgroup %llu]", (unsigned long long)id) < 0)
		return NULL;
	return out;
}
