// SPDX-License-Identifier: GPL-2.0
/*
 * xip-churn: files that come and go, as on a busy server. N times: create
 * DIR/PREFIX-i, map PAGES pages of it shared and store to each (PAGES
 * allocating write faults on DAX), unmap, close and (unless --keep)
 * delete it, then sleep PAUSE_MS. Prints one line per file, "NAME INO
 * GEN", GEN being the inode's generation (FS_IOC_GETVERSION): the ground
 * truth of which file a reused inode number belonged to.
 *
 *   xip-churn [--keep] DIR PREFIX N PAGES PAUSE_MS
 *
 * Exits 1 with a one-line message on error, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static int churn_one(const char *path, long pages, int keep)
{
	unsigned int gen = 0;
	struct stat st;
	char *p;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || ftruncate(fd, pages * PAGE) || fstat(fd, &st) ||
	    ioctl(fd, FS_IOC_GETVERSION, &gen))
		return -1;
	p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (long i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	munmap(p, pages * PAGE);
	close(fd);
	printf("%s %llu %u\n", strrchr(path, '/') + 1, (unsigned long long)st.st_ino, gen);
	return keep || !unlink(path) ? 0 : -1;
}

int main(int argc, char **argv)
{
	int keep = argc > 1 && !strcmp(argv[1], "--keep");
	long n, pages, pause_ms;
	char path[4096];

	argv += keep;
	argc -= keep;
	if (argc != 6 || (n = atol(argv[3])) < 1 || (pages = atol(argv[4])) < 1 ||
	    (pause_ms = atol(argv[5])) < 0) {
		fprintf(stderr, "usage: xip-churn [--keep] DIR PREFIX N PAGES PAUSE_MS\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		struct timespec ts = { pause_ms / 1000, pause_ms % 1000 * 1000000 };

		snprintf(path, sizeof(path), "%s/%s-%ld", argv[1], argv[2], i);
		if (churn_one(path, pages, keep)) {
			fprintf(stderr, "xip-churn: %s: %s\n", path, strerror(errno));
			return 1;
		}
		if (pause_ms)
			nanosleep(&ts, NULL);
	}
	return fflush(stdout) ? 1 : 0;
}
