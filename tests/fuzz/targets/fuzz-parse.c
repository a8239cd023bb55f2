// SPDX-License-Identifier: GPL-2.0
/* Numbers, sizes and devices as users type them (tools/lib/parse.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), err[256];
	unsigned long sz;
	unsigned int dev;
	long v;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (!xl_parse_long(s, -5, 5, &v) && (v < -5 || v > 5))
		abort();
	xl_parse_size(s, &sz);
	/* devices only as MAJ:MIN or names under /dev: no path to stat anywhere */
	if (!strchr(s, '/'))
		xl_parse_dev(s, 0, "--dev", &dev, err, sizeof(err));
	free(s);
	return 0;
}
