// SPDX-License-Identifier: GPL-2.0
/*
 * The mount table (tools/lib/mounts.c, libmount) and the path joined from a
 * captured name (tools/lib/paths.c), from hostile bytes: a mountinfo file
 * of the input, then a captured path of the input's tail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mounts.h"
#include "paths.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[] = "/tmp/xip-fuzz-mountinfo-XXXXXX";
	struct xl_mounts mt;
	struct xip_path p;
	size_t half = size / 2;
	int fd = mkstemp(name);
	char *path;

	if (fd < 0)
		return 0;
	if (write(fd, data, half) != (ssize_t)half) {
		close(fd);
		unlink(name);
		return 0;
	}
	close(fd);
	if (!xl_mounts_load(&mt, name)) {
		/* a captured path as the kernel side would fill it, with any bytes */
		memset(&p, 0, sizeof(p));
		memcpy(&p, data + half, size - half < sizeof(p) ? size - half : sizeof(p));
		for (size_t i = 0; i < mt.n; i++) {
			xl_mounts_find(&mt, mt.m[i].dev);
			path = xl_path_join(&mt, mt.m[i].dev, 12, &p);
			free(path);
		}
		free(xl_path_join(&mt, 0, 12, &p));
		xl_mounts_free(&mt);
	}
	unlink(name);
	return 0;
}
