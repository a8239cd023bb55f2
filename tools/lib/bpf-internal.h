/* SPDX-License-Identifier: GPL-2.0 */
/* What loader.c and maps.c share of a loaded object; nothing else sees it. */
#ifndef XL_BPF_INTERNAL_H
#define XL_BPF_INTERNAL_H

#include <stddef.h>
#include "caps.h"
#include "loader.h"

struct xl_bpf {
	struct xiptop_bpf *skel;
	enum xl_hook hook;
	struct xl_caps caps;
	int ncpus;		/* possible CPUs: what per-CPU maps hold values for */
	int max_files;
	struct bpf_link *links[64];	/* every attached program's */
	bool fentry;		/* derived probes are fentry/fexit (else kprobes) */
	bool ext4_zeroing;	/* ext4's stock map_blocks_exit events are loaded */
	int nlinks;
	struct ring_buffer *gone;	/* the gone ring's reader (gone.c) */
	struct xl_gone_list *gone_out;	/* where its callback puts records */
	/* buffers for batched and per-CPU reads, grown as needed */
	void *keys, *values;
	size_t keys_size, values_size;
};

/* Free the gone ring's reader (gone.c). */
void xl_gone_free(struct xl_bpf *b);

#endif
