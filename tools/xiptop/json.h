/* SPDX-License-Identifier: GPL-2.0 */
/* Pieces of JSON that xiptop's and xipbench's outputs share. */
#ifndef XT_JSON_H
#define XT_JSON_H

#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>

/* A string, quoted and escaped ("" for NULL). */
void xt_json_str(FILE *f, const char *s);
/* ,"name":"s" or ,"name":null for NULL. */
void xt_json_field_str(FILE *f, const char *name, const char *s);
/* ,"name":v or ,"name":null when the kernel cannot tell it. */
void xt_json_u64(FILE *f, const char *name, uint64_t v, int available);
/* ,"name":{"names[i]":v[i],...} of the non-zero entries, or ,"name":null. */
void xt_json_breakdown(FILE *f, const char *name, const __u64 *v, const char *const *names,
		       int n, int available);

#endif
