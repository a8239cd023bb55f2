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

/* A number, in decimal. */
static inline void xl_json_num(struct xl_out *o, uint64_t v)
{
	xl_out_num(o, v);
}

/* A string, quoted and escaped ("" for NULL). */
void xl_json_str(struct xl_out *o, const char *s);
/* ,"name":"s" or ,"name":null for NULL. */
void xl_json_field_str(struct xl_out *o, const char *name, const char *s);
/* ,"name":v or ,"name":null when the kernel cannot tell it. */
void xl_json_u64(struct xl_out *o, const char *name, uint64_t v, int available);
/* ,"name":{"names[i]":v[i],...} of the non-zero entries, or ,"name":null. */
void xl_json_breakdown(struct xl_out *o, const char *name, const __u64 *v, const char *const *names,
		       int n, int available);
/* ,"class": or, first, "class": of latency class lat's name (xl_lat_names) */
void xl_json_lat_key(struct xl_out *o, unsigned int lat, int first);
/*
 * A file's (or a sum of files') statistics as members, each with a leading
 * comma: ,"pte_read":N ... ,"major_pmd":N,"fallback_reasons":{...},
 * "cow_source":{...},"zero_count","zero_bytes","read_count","read_bytes",
 * "write_count","write_bytes"; null where caps say the kernel cannot tell.
 */
void xl_json_file_stats(struct xl_out *o, const struct xip_file_stats *st,
			const struct xl_caps *caps);

#endif
