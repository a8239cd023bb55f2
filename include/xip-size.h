/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes on command lines: of the xip test programs and of xipbench. */
#ifndef XIP_SIZE_H
#define XIP_SIZE_H

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

/*
 * "4096", "0x1000", "4k", "2m", "1g": 0 on success, -1 if malformed
 * (blanks or a sign included), or too large for an unsigned long.
 */
static inline int parse_size(const char *s, unsigned long *out)
{
	unsigned long v;
	int shift = 0;
	char *end;

	/*
	 * strtoul() skips blanks and takes a sign: " -1" would come back as
	 * ULONG_MAX. A size starts with a digit.
	 */
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'g': case 'G': shift = 30; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'k': case 'K': shift = 10; end++; break;
	}
	if (*end || (v << shift) >> shift != v)
		return -1;
	*out = v << shift;
	return 0;
}

#endif
