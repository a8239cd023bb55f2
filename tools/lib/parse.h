/* SPDX-License-Identifier: GPL-2.0 */
/* What both tools' command lines parse: numbers, sizes, file systems. */
#ifndef XL_PARSE_H
#define XL_PARSE_H

#include <stddef.h>

/* A decimal number in [min, max] into *out; 0, or -1 if malformed or out of range. */
int xl_parse_long(const char *s, long min, long max, long *out);

/* "4096", "0x1000", "4k", "2m", "1g" into *out; 0, or -1 (include/xip-size.h). */
int xl_parse_size(const char *s, unsigned long *out);

/*
 * A file system as the kernel numbers it (XIP_KDEV) from "MAJ:MIN" or a
 * block device's path, or (is_mount) from any path on it. opt names the
 * option in messages. 0, or -1 with a one-line message in err.
 */
int xl_parse_dev(const char *arg, int is_mount, const char *opt, unsigned int *kdev, char *err,
		 size_t errlen);

#endif
