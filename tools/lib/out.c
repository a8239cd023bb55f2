// SPDX-License-Identifier: GPL-2.0
/* Buffered text output (see out.h). */
#include <stdarg.h>
#include "out.h"

void xl_out_init(struct xl_out *o, FILE *f)
{
	o->f = f;
	o->p = o->buf;
}

int xl_out_flush(struct xl_out *o)
{
	size_t n = o->p - o->buf;

	o->p = o->buf;
	return n && fwrite(o->buf, 1, n, o->f) != n ? -1 : 0;
}

void xl_out_write(struct xl_out *o, const void *s, size_t n)
{
	xl_out_flush(o);
	fwrite(s, 1, n, o->f);
}

void xl_out_printf(struct xl_out *o, const char *fmt, ...)
{
	size_t room = o->buf + sizeof(o->buf) - o->p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->p, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < room) {
		o->p += n;
		return;
	}
	/* did not fit: the buffer out, then the text straight to the FILE */
	xl_out_flush(o);
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

/* "00" .. "99": two digits a step, half the divisions */
static const char pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void xl_out_dec(struct xl_out *o, uint64_t v)
{
	unsigned int n = 1;
	char *end;

	for (uint64_t x = v; x >= 10; x /= 10)
		n++;
	end = xl_out_room(o, XL_OUT_NUM_MAX) + n;
	o->p = end;
	while (v >= 100) {
		const char *d = &pairs[2 * (v % 100)];

		v /= 100;
		*--end = d[1];
		*--end = d[0];
	}
	if (v >= 10) {
		*--end = pairs[2 * v + 1];
		*--end = pairs[2 * v];
	} else {
		*--end = '0' + v;
	}
}
