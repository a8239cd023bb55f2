/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JSON both tools write: strings escaped, numbers that are unknown
 * written as null (never 0), and a file's statistics under one set of keys;
 * through an xl_out (out.h says why).
 */
#ifndef XL_JSON_H
#define XL_JSON_H

#include <stdint.h>
#include <linux/types.h>
#include "caps.h"
#include "out.h"
#include "xiptop.h"

/* A string, quoted and escaped ("" for NULL). */
void xl_json_str(struct xl_out *o, const char *s);

/*
 * ,"name": and the members below, inline: with a literal name (every
 * caller's but the tables'), its length is known when the code is built
 * and the key is one copy.
 */
static inline void xl_json_key(struct xl_out *o, const char *name)
{
	xl_out_lit(o, ",\"");
	xl_out_puts(o, name);
	xl_out_lit(o, "\":");
}

/* ,"name":"s" or ,"name":null for NULL. */
static inline void xl_json_field_str(struct xl_out *o, const char *name, const char *s)
{
	xl_json_key(o, name);
	if (s)
		xl_json_str(o, s);
	else
		xl_out_lit(o, "null");
}

/* v, or null when the kernel cannot tell it. */
static inline void xl_json_num_or_null(struct xl_out *o, uint64_t v, int available)
{
	if (available)
		xl_out_num(o, v);
	else
		xl_out_lit(o, "null");
}

/* ,"name":v or ,"name":null when the kernel cannot tell it. */
static inline void xl_json_u64(struct xl_out *o, const char *name, uint64_t v, int available)
{
	xl_json_key(o, name);
	xl_json_num_or_null(o, v, available);
}
/* ,"name":{"names[i]":v[i],...} of the non-zero entries, or ,"name":null. */
void xl_json_breakdown(struct xl_out *o, const char *name, const __u64 *v, const char *const *names,
		       int n, int available);
/* "counters":{"files_full":N,...}: what could not be recorded (XIP_NR_COUNTERS of them) */
void xl_json_counters(struct xl_out *o, const uint64_t *counters);
/* ,"class": or, first, "class": of latency class lat's name (xl_lat_names) */
void xl_json_lat_key(struct xl_out *o, unsigned int lat, int first);
/*
 * A file's (or a sum of files') statistics as members, each with a leading
 * comma: ,"pte_read":N ... ,"failed_read":N,"failed_write":N,"major_pmd":N,"fallback_reasons":{...},
 * "cow_source":{...},"zero_count","zero_bytes","read_count","read_bytes",
 * "write_count","write_bytes"; null where caps say the kernel cannot tell.
 */
void xl_json_file_stats(struct xl_out *o, const struct xip_file_stats *st,
			const struct xl_caps *caps);

#endif
