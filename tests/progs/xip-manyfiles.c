// SPDX-License-Identifier: GPL-2.0
/*
 * xip-manyfiles: keep many files active at once. Creates DIR/f0 .. f(N-1),
 * one page of data each (when missing), then sweeps them until SECONDS have
 * passed: open, map one page, read it (one fault), unmap, close.
 *
 *   xip-manyfiles DIR N SECONDS
 *
 * Prints "sweeps S faults F seconds T". A benchmark load for xiptop with
 * thousands of rows; exits 1 with a one-line message on error, 2 on bad
 * usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fault_one(const char *path, int create)
{
	static char page[PAGE];
	volatile char *p;
	int fd = open(path, O_RDWR | (create ? O_CREAT : 0), 0644);

	if (fd < 0)
		return -1;
	if (create && pwrite(fd, page, PAGE, 0) != PAGE) {
		close(fd);
		return -1;
	}
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	(void)p[0];
	munmap((void *)p, PAGE);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n, sweeps = 0, faults = 0, i;
	double secs, t0, t;
	char path[4096];

	if (argc != 4 || !(n = strtoul(argv[2], NULL, 10)) || (secs = atof(argv[3])) <= 0) {
		fprintf(stderr, "usage: xip-manyfiles DIR N SECONDS\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%lu", argv[1], i);
		if (access(path, F_OK) && fault_one(path, 1)) {
			fprintf(stderr, "xip-manyfiles: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	t0 = now();
	do {
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/f%lu", argv[1], i);
			if (fault_one(path, 0)) {
				fprintf(stderr, "xip-manyfiles: %s: %s\n", path, strerror(errno));
				return 1;
			}
			faults++;
		}
		sweeps++;
		t = now();
	} while (t - t0 < secs);
	printf("sweeps %lu faults %lu seconds %.2f\n", sweeps, faults, t - t0);
	return 0;
}
