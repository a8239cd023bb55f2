/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the maps of loaded programs (loader.h): every row at once into
 * a snapshot, or one file by its key; values summed over CPUs.
 */
#ifndef XL_MAPS_H
#define XL_MAPS_H

#include <stdint.h>
#include <linux/types.h>
#include "snapshot.h"
#include "xiptop.h"

struct xl_bpf;

/* Every row (and histogram, when timing) as it is now, sorted. 0 or -errno. */
int xl_maps_read(struct xl_bpf *b, struct xl_snapshot *s);
/* One row's statistics; 0, -ENOENT if the kernel has no such row, or -errno. */
int xl_maps_file(struct xl_bpf *b, const struct xip_file_key *key, struct xip_file_stats *out);
/* What could not be recorded, since load (enum xip_counter). 0 or -errno. */
int xl_maps_counters(struct xl_bpf *b, uint64_t out[XIP_NR_COUNTERS]);
/* The names the kernel side captured; 0 or -ENOENT. */
int xl_maps_path(struct xl_bpf *b, unsigned int dev, uint64_t ino, struct xip_path *p);
int xl_maps_comm(struct xl_bpf *b, uint32_t tgid, char comm[XIP_COMM_LEN]);

#endif
