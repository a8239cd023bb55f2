// SPDX-License-Identifier: GPL-2.0
/*
 * xip-rw: one pread(2) or pwrite(2), so the I/O events it causes are known.
 *
 *   xip-rw read FILE OFFSET LENGTH        print the return value; with -x,
 *                                         also the bytes read, in hex
 *   xip-rw write FILE OFFSET LENGTH [BYTE] write LENGTH copies of BYTE
 *                                         (default 0xa5); print the return
 *
 * OFFSET and LENGTH take k, m, g suffixes. Exits 0 when the call returned
 * without error (a short count is not an error: it is printed), 1 on
 * error, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xip-size.h"

static void usage(void)
{
	fprintf(stderr, "usage: xip-rw [-x] read FILE OFFSET LENGTH | xip-rw write FILE OFFSET LENGTH [BYTE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long off, len, byte = 0xa5;
	int hex = 0, write_op, fd;
	ssize_t ret;
	char *buf;

	if (argc > 1 && !strcmp(argv[1], "-x")) {
		hex = 1;
		argv++;
		argc--;
	}
	if (argc < 5 || argc > 6 || parse_size(argv[3], &off) || parse_size(argv[4], &len))
		usage();
	if (!strcmp(argv[1], "write"))
		write_op = 1;
	else if (!strcmp(argv[1], "read") && argc == 5)
		write_op = 0;
	else
		usage();
	if (argc == 6 && (parse_size(argv[5], &byte) || byte > 255))
		usage();

	buf = malloc(len ? len : 1);
	if (!buf) {
		fprintf(stderr, "xip-rw: out of memory for %lu bytes\n", len);
		return 1;
	}
	memset(buf, (int)byte, len);
	fd = open(argv[2], write_op ? O_WRONLY | O_CREAT : O_RDONLY, 0644);
	if (fd < 0) {
		fprintf(stderr, "xip-rw: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	ret = write_op ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
	if (ret < 0) {
		fprintf(stderr, "xip-rw: %s %s: %s\n", argv[1], argv[2], strerror(errno));
		return 1;
	}
	printf("%zd\n", ret);
	if (hex) {
		for (ssize_t i = 0; i < ret; i++)
			printf("%02x%s", (unsigned char)buf[i], (i % 32 == 31 || i == ret - 1) ? "\n" : "");
	}
	return close(fd) ? 1 : 0;
}
