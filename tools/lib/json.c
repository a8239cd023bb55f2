// SPDX-License-Identifier: GPL-2.0
/* The JSON both tools write (see json.h). */
#include "escape.h"
#include "json.h"
#include "kinds.h"

static const char hex[] = "0123456789abcdef";

/* \PREFIXhh: a byte as the last two digits of a \u escape */
static void escape_byte(struct xl_out *o, const char prefix[4], unsigned char c)
{
	char *p = xl_out_room(o, 6);

	p[0] = '\\';
	memcpy(p + 1, prefix, 3);
	p[4] = hex[c >> 4];
	p[5] = hex[c & 15];
	o->p += 6;
}

/*
 * Valid UTF-8 passes (controls escaped); a byte that is not UTF-8 is
 * written as \udcHH, the lone surrogate Python's "surrogateescape" maps
 * byte HH (0x80 to 0xff) to: the text stays valid, and a reader gets the
 * exact bytes back with name.encode("utf-8", "surrogateescape").
 */
void xl_json_str(struct xl_out *o, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	xl_out_putc(o, '"');
	for (;;) {
		const unsigned char *run = s;
		int n;

		/* printable ASCII but the two that need a backslash: copied as a run */
		while (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
			s++;
		xl_out_mem(o, run, s - run);
		if (!*s)
			break;
		n = xl_utf8_char(s);
		if (!n) {
			escape_byte(o, "udc", *s++);
		} else if (*s == '"' || *s == '\\') {
			xl_out_putc(o, '\\');
			xl_out_putc(o, *s++);
		} else if (*s < 0x20 || *s == 0x7f) {
			escape_byte(o, "u00", *s++);
		} else {
			xl_out_mem(o, s, n);
			s += n;
		}
	}
	xl_out_putc(o, '"');
}

void xl_json_breakdown(struct xl_out *o, const char *name, const __u64 *v, const char *const *names,
		       int n, int available)
{
	int first = 1;

	xl_json_key(o, name);
	if (!available) {
		xl_out_lit(o, "null");
		return;
	}
	xl_out_putc(o, '{');
	for (int i = 0; i < n; i++) {
		if (!v[i])
			continue;
		if (!first)
			xl_out_putc(o, ',');
		xl_out_putc(o, '"');
		xl_out_puts(o, names[i]);
		xl_out_lit(o, "\":");
		xl_out_num(o, v[i]);
		first = 0;
	}
	xl_out_putc(o, '}');
}

/*
 * ,"name": of each latency class, made once: every row writes the
 * kinds' counts under them, and each class it has a histogram of.
 */
static struct {
	char s[32];
	size_t len;
} lat_keys[XIP_NR_LAT];

__attribute__((constructor)) static void make_lat_keys(void)
{
	for (int l = 0; l < XIP_NR_LAT; l++) {
		int n = snprintf(lat_keys[l].s, sizeof(lat_keys[l].s), ",\"%s\":", xl_lat_names[l]);

		lat_keys[l].len = n > 0 && (size_t)n < sizeof(lat_keys[l].s) ? (size_t)n : 0;
	}
}

void xl_json_counters(struct xl_out *o, const uint64_t *counters)
{
	xl_out_lit(o, "\"counters\":{");
	for (int c = 0; c < XIP_NR_COUNTERS; c++)
		xl_out_printf(o, "%s\"%s\":%llu", c ? "," : "", xl_counter_names[c],
			      (unsigned long long)counters[c]);
	xl_out_putc(o, '}');
}

void xl_json_lat_key(struct xl_out *o, unsigned int lat, int first)
{
	if (lat >= XIP_NR_LAT)
		return;
	if (!lat_keys[lat].len) {	/* a name too long for the table: never, but not cut */
		xl_json_key(o, xl_lat_names[lat]);
		return;
	}
	xl_out_mem(o, lat_keys[lat].s + !!first, lat_keys[lat].len - !!first);
}

void xl_json_file_stats(struct xl_out *o, const struct xip_file_stats *st,
			const struct xl_caps *c)
{
	for (int k = 0; k < XIP_NR_KINDS; k++) {
		xl_json_lat_key(o, k, 0);
		xl_json_num_or_null(o, st->count[k], xl_lat_available(c, k));
	}
	/* every kernel's fault ends tell a failure: no caps */
	xl_json_u64(o, "failed_read", st->failed[XIP_READ], 1);
	xl_json_u64(o, "failed_write", st->failed[XIP_WRITE], 1);
	xl_json_u64(o, "major_pmd", st->major_pmd, c->major_pmd);
	xl_json_breakdown(o, "fallback_reasons", st->fallback, xl_fallback_names,
			  XIP_NR_FALLBACK_REASONS, c->fallback);
	xl_json_breakdown(o, "cow_source", st->cow_source, xl_cow_source_names,
			  XIP_NR_COW_SOURCES, c->cow_source);
	xl_json_u64(o, "zero_count", st->zero_count, c->zero);
	xl_json_u64(o, "zero_bytes", st->zero_bytes, c->zero);
	/* the reason is the series' alone */
	xl_json_u64(o, "zero_unwritten_bytes", st->zero_unwritten, c->unwritten);
	xl_json_u64(o, "read_count", st->io_count[XIP_READ], c->io);
	xl_json_u64(o, "read_bytes", st->io_bytes[XIP_READ], c->io);
	xl_json_u64(o, "write_count", st->io_count[XIP_WRITE], c->io);
	xl_json_u64(o, "write_bytes", st->io_bytes[XIP_WRITE], c->io);
}
