// SPDX-License-Identifier: GPL-2.0
/* Pieces of JSON that xiptop's and xipbench's outputs share (see json.h). */
#include "json.h"

void xt_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void xt_json_field_str(FILE *f, const char *name, const char *s)
{
	fprintf(f, ",\"%s\":", name);
	if (s)
		xt_json_str(f, s);
	else
		fputs("null", f);
}

void xt_json_u64(FILE *f, const char *name, uint64_t v, int available)
{
	if (available)
		fprintf(f, ",\"%s\":%llu", name, (unsigned long long)v);
	else
		fprintf(f, ",\"%s\":null", name);
}

void xt_json_breakdown(FILE *f, const char *name, const __u64 *v, const char *const *names,
		       int n, int available)
{
	int first = 1;

	fprintf(f, ",\"%s\":", name);
	if (!available) {
		fputs("null", f);
		return;
	}
	fputc('{', f);
	for (int i = 0; i < n; i++) {
		if (!v[i])
			continue;
		fprintf(f, "%s\"%s\":%llu", first ? "" : ",", names[i], (unsigned long long)v[i]);
		first = 0;
	}
	fputc('}', f);
}
