// SPDX-License-Identifier: GPL-2.0
/* Reading the gone ring buffer (see gone.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "bpf-internal.h"
#include "gone.h"
#include "xiptop.skel.h"

static int on_record(void *ctx, void *data, size_t size)
{
	struct xl_gone_list *l = ctx;

	if (size < sizeof(struct xip_gone))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct xip_gone *bigger = realloc(l->g, cap * sizeof(*bigger));

		if (!bigger)
			return -ENOMEM;
		l->g = bigger;
		l->cap = cap;
	}
	memcpy(&l->g[l->n++], data, sizeof(struct xip_gone));
	return 0;
}

int xl_gone_drain(struct xl_bpf *b, struct xl_gone_list *out)
{
	out->n = 0;
	return xl_gone_collect(b, out);
}

int xl_gone_collect(struct xl_bpf *b, struct xl_gone_list *out)
{
	int n;

	if (!b->gone) {
		b->gone = ring_buffer__new(bpf_map__fd(b->skel->maps.gone), on_record, out, NULL);
		if (!b->gone)
			return -errno;
		b->gone_out = out;
	}
	if (b->gone_out != out)
		return -EINVAL;	/* the reader's context is fixed at creation */
	n = ring_buffer__consume(b->gone);
	return n < 0 ? n : 0;
}

void xl_gone_list_free(struct xl_gone_list *l)
{
	free(l->g);
	memset(l, 0, sizeof(*l));
}

void xl_gone_free(struct xl_bpf *b)
{
	ring_buffer__free(b->gone);
	b->gone = NULL;
}
