/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel side tells of rows' ends: tracked files whose inode was
 * destroyed (deleted, evicted, unmounted), processes that ended, files
 * renamed (struct xip_gone, from the gone ring buffer).
 */
#ifndef XL_GONE_H
#define XL_GONE_H

#include <stddef.h>
#include <linux/types.h>
#include "xiptop.h"

struct xl_bpf;

struct xl_gone_list {
	struct xip_gone *g;
	size_t n, cap;
};

/*
 * Append what the ring holds now to *out (emptied first). Read it before
 * the maps: what it tells happened before the read, so the rows' last
 * counts are in that read. 0 or -errno.
 */
int xl_gone_drain(struct xl_bpf *b, struct xl_gone_list *out);
/* The same, after what out holds already (out->n grows). */
int xl_gone_collect(struct xl_bpf *b, struct xl_gone_list *out);
void xl_gone_list_free(struct xl_gone_list *l);

#endif
