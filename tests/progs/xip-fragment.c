// SPDX-License-Identifier: GPL-2.0
/*
 * xip-fragment: build two files whose blocks interleave on disk, so that no
 * extent of either is longer than one block: write and fsync 4 KiB to A,
 * then 4 KiB to B, and so on until each is SIZE long.
 *
 *   xip-fragment A B SIZE      (SIZE in KiB units: k, m suffixes)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long size, off;
	char buf[4096], *end;
	int fd[2], i;

	if (argc != 4) {
		fprintf(stderr, "usage: xip-fragment A B SIZE\n");
		return 2;
	}
	size = strtoul(argv[3], &end, 0);
	if (*end == 'k' || *end == 'K')
		size <<= 10, end++;
	else if (*end == 'm' || *end == 'M')
		size <<= 20, end++;
	if (*end || !size || size % sizeof(buf)) {
		fprintf(stderr, "xip-fragment: SIZE must be a multiple of 4k\n");
		return 2;
	}
	for (i = 0; i < 2; i++) {
		fd[i] = open(argv[1 + i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd[i] < 0) {
			fprintf(stderr, "xip-fragment: %s: %s\n", argv[1 + i], strerror(errno));
			return 1;
		}
	}
	memset(buf, 0x5a, sizeof(buf));
	for (off = 0; off < size; off += sizeof(buf)) {
		for (i = 0; i < 2; i++) {
			if (pwrite(fd[i], buf, sizeof(buf), off) != sizeof(buf) || fsync(fd[i])) {
				fprintf(stderr, "xip-fragment: writing %s: %s\n", argv[1 + i], strerror(errno));
				return 1;
			}
		}
	}
	return close(fd[0]) || close(fd[1]);
}
