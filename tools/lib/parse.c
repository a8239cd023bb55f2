// SPDX-License-Identifier: GPL-2.0
/* Numbers, sizes and file systems on command lines (see parse.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/types.h>
#include "error.h"
#include "parse.h"
#include "xip-size.h"
#include "xiptop.h"

int xl_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int xl_parse_size(const char *s, unsigned long *out)
{
	return parse_size(s, out);
}

int xl_parse_dev(const char *arg, int is_mount, const char *opt, unsigned int *kdev, char *err,
		 size_t errlen)
{
	unsigned int maj, min;
	struct stat st;
	char c;

	if (!is_mount && sscanf(arg, "%u:%u%c", &maj, &min, &c) == 2) {
		/* the kernel's dev_t: 12 bits of major, 20 of minor */
		if (maj >= (1U << (32 - XIP_MINORBITS)) || min >= (1U << XIP_MINORBITS))
			return xl_errorf(err, errlen, "%s %s: no such device number", opt, arg);
		*kdev = XIP_KDEV(maj, min);
		return 0;
	}
	if (!is_mount && !strchr(arg, '/')) {
		/* a disk's name, as lsblk and ndctl show it: pmem0, pmem1p1 */
		char dev[300];

		snprintf(dev, sizeof(dev), "/dev/%s", arg);
		if (stat(dev, &st))
			return xl_errorf(err, errlen, "%s %s: no such disk (/dev/%s: %s); give a disk name, a block device or MAJ:MIN",
					 opt, arg, arg, strerror(errno));
	} else if (stat(arg, &st)) {
		return xl_errorf(err, errlen, "%s %s: %s", opt, arg, strerror(errno));
	}
	if (is_mount) {
		*kdev = XIP_KDEV(major(st.st_dev), minor(st.st_dev));
		return 0;
	}
	if (!S_ISBLK(st.st_mode))
		return xl_errorf(err, errlen,
				 "%s %s: not a block device; give MAJ:MIN, a block device, or --mount DIR",
				 opt, arg);
	*kdev = XIP_KDEV(major(st.st_rdev), minor(st.st_rdev));
	return 0;
}
