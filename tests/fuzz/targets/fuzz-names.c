// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile names through every escaper (tools/lib/escape.c, json.c), with
 * what each promises checked: the terminal's text has no control byte and
 * is UTF-8; JSON's and Prometheus' are UTF-8; JSON's decodes back to the
 * input's bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "json.h"

static void utf8_or_die(const char *what, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int k = xl_utf8_char(s + i);

		if (!k || i + k > n) {
			fprintf(stderr, "%s: not UTF-8 at byte %zu\n", what, i);
			abort();
		}
		i += k;
	}
}

/* JSON's string back to bytes: \\udcHH is byte HH, \\uXXXX below 0x80 a byte */
static size_t json_decode(const char *j, size_t n, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 1; i + 1 < n; i++) {	/* inside the quotes */
		if (j[i] != '\\') {
			out[o++] = j[i];
			continue;
		}
		i++;
		if (j[i] == 'u') {
			unsigned int c;

			sscanf(j + i + 1, "%4x", &c);
			out[o++] = c >= 0xdc80 ? c - 0xdc00 : c;
			i += 4;
		} else {
			out[o++] = j[i];
		}
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *buf = NULL, term[256];
	unsigned char *back;
	size_t len = 0, n;
	struct xl_out out;
	FILE *f;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	n = strlen(s);		/* a name ends at its NUL */

	xl_term_str(term, sizeof(term), s);
	for (const unsigned char *t = (const unsigned char *)term; *t; t++)
		if (*t < 0x20 || *t == 0x7f || (t[0] == 0xc2 && t[1] >= 0x80 && t[1] < 0xa0))
			abort();
	utf8_or_die("terminal", (const unsigned char *)term, strlen(term));

	f = open_memstream(&buf, &len);
	xl_out_init(&out, f);
	xl_json_str(&out, s);
	xl_out_flush(&out);
	fclose(f);
	utf8_or_die("JSON", (const unsigned char *)buf, len);
	back = malloc(len + 1);
	if (json_decode(buf, len, back) != n || memcmp(back, s, n))
		abort();	/* JSON must give the exact bytes back */
	free(back);
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	xl_prom_label_value(f, s);
	fclose(f);
	utf8_or_die("Prometheus", (const unsigned char *)buf, len);
	if (memchr(buf, '\n', len))
		abort();
	free(buf);
	free(s);
	return 0;
}
