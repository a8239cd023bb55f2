// SPDX-License-Identifier: GPL-2.0
/* Arrays allocated a chunk at a time (see chunked.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "chunked.h"

int xl_chunked_init(struct xl_chunked *c, size_t n, size_t size)
{
	memset(c, 0, sizeof(*c));
	c->nchunks = (n + XL_CHUNK - 1) >> XL_CHUNK_SHIFT;
	c->size = size;
	/* one pointer more than needed: an empty array still has a table */
	c->chunk = calloc(c->nchunks + 1, sizeof(*c->chunk));
	return c->chunk ? 0 : -ENOMEM;
}

void xl_chunked_free(struct xl_chunked *c)
{
	if (c->chunk)
		for (size_t k = 0; k < c->nchunks; k++)
			free(c->chunk[k]);
	free(c->chunk);
	memset(c, 0, sizeof(*c));
}

void *xl_chunked_make(struct xl_chunked *c, size_t k)
{
	if (k >= c->nchunks)
		return NULL;
	c->chunk[k] = calloc(XL_CHUNK, c->size);
	return c->chunk[k];
}
