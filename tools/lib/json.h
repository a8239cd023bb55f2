/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JSON both tools write: strings escaped, numbers that are unknown
 * written as null (never 0), and a file's statistics under one set of keys.
 */
#ifndef XL_JSON_H
#define XL_JSON_H

#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>
#include "caps.h"
#include "xiptop.h"

/*
 * Text into f, a character at a time, without stdio's lock: at 10,000
 * files an interval, fputs() and fwrite() of a few bytes (a lock, a
 * call, a copy each) were most of --json's time. f must be one thread's
 * (the tools' outputs are the main thread's).
 */
static inline void xl_json_putc(FILE *f, char c)
{
	putc_unlocked(c, f);
}

static inline void xl_json_puts(FILE *f, const char *s)
{
	while (*s)
		putc_unlocked(*s++, f);
}

/* A number, in decimal. */
void xl_json_num(FILE *f, uint64_t v);
/* A string, quoted and escaped ("" for NULL). */
void xl_json_str(FILE *f, const char *s);
/* ,"name":"s" or ,"name":null for NULL. */
void xl_json_field_str(FILE *f, const char *name, const char *s);
/* ,"name":v or ,"name":null when the kernel cannot tell it. */
void xl_json_u64(FILE *f, const char *name, uint64_t v, int available);
/* ,"name":{"names[i]":v[i],...} of the non-zero entries, or ,"name":null. */
void xl_json_breakdown(FILE *f, const char *name, const __u64 *v, const char *const *names,
		       int n, int available);
/*
 * A file's (or a sum of files') statistics as members, each with a leading
 * comma: ,"pte_read":N ... ,"major_pmd":N,"fallback_reasons":{...},
 * "cow_source":{...},"zero_count","zero_bytes","read_count","read_bytes",
 * "write_count","write_bytes"; null where caps say the kernel cannot tell.
 */
void xl_json_file_stats(FILE *f, const struct xip_file_stats *st, const struct xl_caps *caps);

#endif
