// SPDX-License-Identifier: GPL-2.0
/* The JSON both tools write (see json.h). */
#include "escape.h"
#include "json.h"
#include "kinds.h"

/*
 * Valid UTF-8 passes (controls escaped); a byte that is not UTF-8 is
 * written as \udcHH, the lone surrogate Python's "surrogateescape" maps
 * byte HH (0x80 to 0xff) to: the text stays valid, and a reader gets the
 * exact bytes back with name.encode("utf-8", "surrogateescape").
 */
void xl_json_str(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	xl_json_putc(f, '"');
	while (*s) {
		int n = xl_utf8_char(s);

		if (!n) {
			fprintf(f, "\\udc%02x", *s++);
			continue;
		}
		if (*s == '"' || *s == '\\') {
			xl_json_putc(f, '\\');
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(f, "\\u%04x", *s++);
			continue;
		}
		while (n--)
			xl_json_putc(f, *s++);
	}
	xl_json_putc(f, '"');
}

/*
 * Numbers and keys are written without printf(): at 10,000 files an
 * interval, parsing formats was most of xiptop's time.
 */
void xl_json_num(FILE *f, uint64_t v)
{
	char buf[20], *p = buf + sizeof(buf);

	do
		*--p = '0' + v % 10;
	while (v /= 10);
	while (p < buf + sizeof(buf))
		xl_json_putc(f, *p++);
}

/* ,"name": */
static void key(FILE *f, const char *name)
{
	xl_json_puts(f, ",\"");
	xl_json_puts(f, name);
	xl_json_puts(f, "\":");
}

void xl_json_field_str(FILE *f, const char *name, const char *s)
{
	key(f, name);
	if (s)
		xl_json_str(f, s);
	else
		xl_json_puts(f, "null");
}

void xl_json_u64(FILE *f, const char *name, uint64_t v, int available)
{
	key(f, name);
	if (available)
		xl_json_num(f, v);
	else
		xl_json_puts(f, "null");
}

void xl_json_breakdown(FILE *f, const char *name, const __u64 *v, const char *const *names,
		       int n, int available)
{
	int first = 1;

	key(f, name);
	if (!available) {
		xl_json_puts(f, "null");
		return;
	}
	xl_json_putc(f, '{');
	for (int i = 0; i < n; i++) {
		if (!v[i])
			continue;
		xl_json_puts(f, first ? "\"" : ",\"");
		xl_json_puts(f, names[i]);
		xl_json_puts(f, "\":");
		xl_json_num(f, v[i]);
		first = 0;
	}
	xl_json_putc(f, '}');
}

void xl_json_file_stats(FILE *f, const struct xip_file_stats *st, const struct xl_caps *c)
{
	for (int k = 0; k < XIP_NR_KINDS; k++)
		xl_json_u64(f, xl_lat_names[k], st->count[k], xl_lat_available(c, k));
	xl_json_u64(f, "major_pmd", st->major_pmd, c->major_pmd);
	xl_json_breakdown(f, "fallback_reasons", st->fallback, xl_fallback_names,
			  XIP_NR_FALLBACK_REASONS, c->fallback);
	xl_json_breakdown(f, "cow_source", st->cow_source, xl_cow_source_names,
			  XIP_NR_COW_SOURCES, c->cow_source);
	xl_json_u64(f, "zero_count", st->zero_count, c->zero);
	xl_json_u64(f, "zero_bytes", st->zero_bytes, c->zero);
	/* the reason is the series' alone */
	xl_json_u64(f, "zero_unwritten_bytes", st->zero_unwritten, c->unwritten);
	xl_json_u64(f, "read_count", st->io_count[XIP_READ], c->io);
	xl_json_u64(f, "read_bytes", st->io_bytes[XIP_READ], c->io);
	xl_json_u64(f, "write_count", st->io_count[XIP_WRITE], c->io);
	xl_json_u64(f, "write_bytes", st->io_bytes[XIP_WRITE], c->io);
}
