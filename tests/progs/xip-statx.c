// SPDX-License-Identifier: GPL-2.0
/*
 * xip-statx: tell whether files are accessed through DAX, from the
 * STATX_ATTR_DAX attribute that statx(2) reports.
 *
 *   xip-statx FILE...
 *
 * Prints "dax FILE" or "nodax FILE" per file. Exits 0 when every file is
 * DAX, 1 when one is not, 2 on error (or when the kernel does not report
 * the attribute at all).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: xip-statx FILE...\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct statx stx;

		if (statx(AT_FDCWD, argv[i], 0, STATX_BASIC_STATS, &stx)) {
			fprintf(stderr, "xip-statx: %s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		if (!(stx.stx_attributes_mask & STATX_ATTR_DAX)) {
			fprintf(stderr, "xip-statx: %s: the kernel does not report STATX_ATTR_DAX\n", argv[i]);
			return 2;
		}
		if (stx.stx_attributes & STATX_ATTR_DAX) {
			printf("dax %s\n", argv[i]);
		} else {
			printf("nodax %s\n", argv[i]);
			rc = 1;
		}
	}
	return rc;
}
