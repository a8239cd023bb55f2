/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text output through a buffer of the writer's own, written to its FILE
 * in blocks of XL_OUT_BUF bytes. At 10,000 files an interval, --json
 * writes 3 MB: stdio's calls of a few bytes (a lock, a call and a copy
 * each) and printf()'s parsing of formats were most of its time. Here a
 * key is a copy of known length and a number a table walk, inlined.
 *
 * Whoever holds an xl_out owns its FILE until xl_out_flush(): nothing else
 * may write to the FILE in between. A failed write leaves the FILE's
 * error flag set (ferror()) and errno as fwrite() left it, as stdio does.
 */
#ifndef XL_OUT_H
#define XL_OUT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define XL_OUT_BUF	16384
/* The longest number: 2^64 - 1 has 20 digits */
#define XL_OUT_NUM_MAX	20

struct xl_out {
	FILE *f;
	char *p;			/* the next byte of buf */
	char buf[XL_OUT_BUF];
};

void xl_out_init(struct xl_out *o, FILE *f);
/* Write what is buffered; 0, or -1 if the FILE's write failed (ferror(o->f)). */
int xl_out_flush(struct xl_out *o);
/* Formatted, as fprintf() (outside per-row paths: it parses fmt). */
void xl_out_printf(struct xl_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* n bytes of s, however many */
void xl_out_write(struct xl_out *o, const void *s, size_t n);
/* v in decimal: xl_out_num() */
void xl_out_dec(struct xl_out *o, uint64_t v);

/* Room for n more bytes (n <= XL_OUT_BUF): flushes if the buffer has not. */
static inline char *xl_out_room(struct xl_out *o, size_t n)
{
	if ((size_t)(o->buf + sizeof(o->buf) - o->p) < n)
		xl_out_flush(o);
	return o->p;
}

static inline void xl_out_putc(struct xl_out *o, char c)
{
	*xl_out_room(o, 1) = c;
	o->p++;
}

static inline void xl_out_mem(struct xl_out *o, const void *s, size_t n)
{
	if (n > XL_OUT_BUF / 2) {
		xl_out_write(o, s, n);
		return;
	}
	memcpy(xl_out_room(o, n), s, n);
	o->p += n;
}

/* A string literal: its length is known when the code is built, and so is the copy. */
#define xl_out_lit(o, lit)	xl_out_mem((o), "" lit, sizeof(lit) - 1)

static inline void xl_out_puts(struct xl_out *o, const char *s)
{
	xl_out_mem(o, s, strlen(s));
}

/* v in decimal; one digit inline (most counts of most rows are 0) */
static inline void xl_out_num(struct xl_out *o, uint64_t v)
{
	if (v < 10) {
		*xl_out_room(o, 1) = '0' + v;
		o->p++;
		return;
	}
	xl_out_dec(o, v);
}

#endif
