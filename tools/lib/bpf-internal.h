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
	/* buffers for batched and per-CPU reads, grown as needed */
	void *keys, *values;
	size_t keys_size, values_size;
};

#endif
