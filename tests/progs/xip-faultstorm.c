// SPDX-License-Identifier: GPL-2.0
/*
 * xip-faultstorm: time 4 KiB page faults on a file mapping. Each round
 * touches every page of the mapping once (one fault per page), then drops
 * the mapping's pages with MADV_DONTNEED so the next round faults again.
 *
 *   xip-faultstorm [-m shared|private] [-r ROUNDS] [-s SIZE] FILE
 *
 * shared: MAP_SHARED write faults on data (no allocation after round 1);
 * private: MAP_PRIVATE write faults, each a copy-on-write of file data.
 * The mapping is placed 4 KiB past a 2 MiB boundary so that no fault can
 * be a 2 MiB one. FILE is created and filled first if it is smaller than
 * SIZE (default 32m). Prints one line per round, "round R ns_per_fault N",
 * and a last line "median_ns_per_fault N" (round 1 excluded: it allocates).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xip-rounds.h"
#include "xip-size.h"

#define SZ_2M (2UL << 20)
#define PAGE 4096UL

int main(int argc, char **argv)
{
	unsigned long size = 32UL << 20, rounds = 10, i, r;
	const char *mode = "shared";
	volatile char *map;
	double *per_fault;
	struct stat st;
	char *end;
	void *hint;
	int opt, fd;

	while ((opt = getopt(argc, argv, "m:r:s:")) != -1) {
		switch (opt) {
		case 'm': mode = optarg; break;
		case 'r': rounds = strtoul(optarg, &end, 0); if (*end || rounds < 2) goto usage; break;
		case 's':
			if (parse_size(optarg, &size) || !size || size % PAGE)
				goto usage;
			break;
		default: goto usage;
		}
	}
	if (optind != argc - 1 || (strcmp(mode, "shared") && strcmp(mode, "private")))
		goto usage;

	fd = open(argv[optind], O_RDWR | O_CREAT, 0644);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "xip-faultstorm: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if ((unsigned long)st.st_size < size) {
		static char buf[1 << 20];

		memset(buf, 0x5a, sizeof(buf));
		for (i = 0; i < size; i += sizeof(buf))
			if (pwrite(fd, buf, sizeof(buf), i) != (ssize_t)sizeof(buf)) {
				fprintf(stderr, "xip-faultstorm: filling %s: %s\n", argv[optind], strerror(errno));
				return 1;
			}
		fsync(fd);
	}
	/* 4 KiB past a 2 MiB boundary: no PMD fault is possible. */
	hint = mmap(NULL, size + 2 * SZ_2M, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (hint == MAP_FAILED)
		return 1;
	munmap(hint, size + 2 * SZ_2M);
	hint = (void *)((((uintptr_t)hint + SZ_2M - 1) & ~(SZ_2M - 1)) + PAGE);
	map = mmap(hint, size, PROT_READ | PROT_WRITE,
		   (strcmp(mode, "shared") ? MAP_PRIVATE : MAP_SHARED) | MAP_FIXED_NOREPLACE, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "xip-faultstorm: mmap: %s\n", strerror(errno));
		return 1;
	}
	per_fault = calloc(rounds, sizeof(*per_fault));
	for (r = 0; r < rounds; r++) {
		double t0 = xip_now_ns();

		for (i = 0; i < size; i += PAGE)
			map[i] = (char)r;
		per_fault[r] = (xip_now_ns() - t0) / (size / PAGE);
		printf("round %lu ns_per_fault %.0f\n", r + 1, per_fault[r]);
		if (madvise((void *)map, size, MADV_DONTNEED)) {
			fprintf(stderr, "xip-faultstorm: madvise: %s\n", strerror(errno));
			return 1;
		}
	}
	printf("median_ns_per_fault %.0f\n", xip_median(per_fault + 1, rounds - 1));
	return 0;
usage:
	fprintf(stderr, "usage: xip-faultstorm [-m shared|private] [-r ROUNDS>=2] [-s SIZE] FILE\n");
	return 2;
}
