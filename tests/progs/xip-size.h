/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes on the command lines of the xip test programs. */
#ifndef XIP_SIZE_H
#define XIP_SIZE_H

#include <errno.h>
#include <stdlib.h>

/* "4096", "0x1000", "4k", "2m", "1g": 0 on success, -1 if malformed. */
static inline int parse_size(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'g': case 'G': v <<= 10; /* fall through */
	case 'm': case 'M': v <<= 10; /* fall through */
	case 'k': case 'K': v <<= 10; end++; break;
	case '\0': break;
	default: return -1;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

#endif
