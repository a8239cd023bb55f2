/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An array of up to n elements, zeroed, whose memory is taken a chunk of
 * XL_CHUNK elements at a time, when one of them is first written: what
 * xiptop remembers by row index and by histogram block (rowread.h). The
 * kernel side's free lists are stacks, filled so that 0 comes out first:
 * an index given back is the next taken, and a new one is taken only
 * when none is, so the indices ever used are those below the most rows
 * live at once, and so are the chunks written, not --max-files.
 */
#ifndef XL_CHUNKED_H
#define XL_CHUNKED_H

#include <stddef.h>

/* Elements a chunk holds: a power of two */
#define XL_CHUNK_SHIFT	7
#define XL_CHUNK	(1UL << XL_CHUNK_SHIFT)

struct xl_chunked {
	void **chunk;		/* by index >> XL_CHUNK_SHIFT; NULL: never written (all zero) */
	size_t nchunks;
	size_t size;		/* of an element */
};

/* Room for n elements of size bytes, none allocated yet; 0 or -ENOMEM. */
int xl_chunked_init(struct xl_chunked *c, size_t n, size_t size);
void xl_chunked_free(struct xl_chunked *c);
/* Chunk k allocated and zeroed (xl_chunked_at()'s slow path); NULL: no memory. */
void *xl_chunked_make(struct xl_chunked *c, size_t k);

/* Element i, to read or write: its chunk made if it had none. NULL: no memory. */
static inline void *xl_chunked_at(struct xl_chunked *c, size_t i)
{
	size_t k = i >> XL_CHUNK_SHIFT;
	char *p = c->chunk[k];

	if (__builtin_expect(!p, 0)) {
		p = xl_chunked_make(c, k);
		if (!p)
			return NULL;
	}
	return p + (i & (XL_CHUNK - 1)) * c->size;
}

/* Element i if its chunk was ever written; NULL: it is all zero. */
static inline void *xl_chunked_peek(const struct xl_chunked *c, size_t i)
{
	char *p = c->chunk[i >> XL_CHUNK_SHIFT];

	return p ? p + (i & (XL_CHUNK - 1)) * c->size : NULL;
}

#endif
