// SPDX-License-Identifier: GPL-2.0
/* Names made safe for terminals and text formats (see escape.h). */
#include <stdio.h>
#include <string.h>
#include "escape.h"

int xl_utf8_char(const unsigned char *s)
{
	unsigned int c = s[0], n, min, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		min = 0x80;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		min = 0x800;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		min = 0x10000;
		cp = c & 0x07;
	} else {
		return 0;	/* a continuation byte, 0xc0, 0xc1 or 0xf5.. */
	}
	for (unsigned int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also catches the NUL that ends s */
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* Is the valid character s (of n bytes) a C1 control, U+0080 to U+009F? */
static int c1_control(const unsigned char *s, int n)
{
	return n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

const char *xl_term_str(char *buf, size_t len, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t o = 0;

	if (!len)
		return buf;
	while (*s) {
		char esc[16];
		int n = xl_utf8_char(s), k;

		if (n == 1 && *s >= 0x20 && *s != 0x7f && *s != '\\') {
			esc[0] = *s;
			k = 1;
		} else if (*s == '\\' || *s == '\n' || *s == '\t' || *s == '\r') {
			esc[0] = '\\';
			esc[1] = *s == '\\' ? '\\' : *s == '\n' ? 'n' : *s == '\t' ? 't' : 'r';
			k = 2;
		} else if (n > 1 && !c1_control(s, n)) {
			memcpy(esc, s, n);
			k = n;
		} else {
			/* a control (C1: two bytes) or a byte that is not UTF-8: each byte as \ooo */
			n = n ? n : 1;
			k = 0;
			for (int i = 0; i < n; i++)
				k += snprintf(esc + k, sizeof(esc) - k, "\\%03o", s[i]);
		}
		if (o + k >= len)
			break;
		memcpy(buf + o, esc, k);
		o += k;
		s += n;
	}
	buf[o] = 0;
	return buf;
}

void xl_prom_label_value(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		int n = xl_utf8_char(s);

		if (!n) {
			fprintf(f, "\\\\x%02x", *s++);
			continue;
		}
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fwrite(s, 1, n, f);
		s += n;
	}
}

void xl_one_line(char *msg, size_t len)
{
	char safe[1024];

	xl_term_str(safe, len < sizeof(safe) ? len : sizeof(safe), msg);
	snprintf(msg, len, "%s", safe);
}
