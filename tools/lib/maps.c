// SPDX-License-Identifier: GPL-2.0
/* Reading the maps (see maps.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf-internal.h"
#include "maps.h"
#include "filestats.h"
#include "xiptop.skel.h"

static int ensure(void **buf, size_t *size, size_t want)
{
	void *bigger;

	if (*size >= want)
		return 0;
	bigger = realloc(*buf, want);
	if (!bigger)
		return -ENOMEM;
	*buf = bigger;
	*size = want;
	return 0;
}

/* Per-CPU values are 8-byte aligned, each CPU's after the other. */
static size_t percpu_size(const struct bpf_map *map)
{
	return (bpf_map__value_size(map) + 7) / 8 * 8;
}

static void sum_file(struct xip_file_stats *sum, const void *values, int ncpus, size_t vsize)
{
	memset(sum, 0, sizeof(*sum));
	for (int c = 0; c < ncpus; c++)
		xl_stats_add(sum, (const void *)((const char *)values + c * vsize), 1);
}

static void sum_hist(struct xl_hist *sum, const void *values, int ncpus, size_t vsize)
{
	memset(sum, 0, sizeof(*sum));
	for (int c = 0; c < ncpus; c++)
		xl_hist_from_bpf(sum, (const void *)((const char *)values + c * vsize));
}

typedef int (*entry_fn)(struct xl_snapshot *s, const void *key, const void *values, int ncpus,
			size_t vsize);

/*
 * Every entry of a per-CPU hash, a batch of syscalls at a time (a map of
 * 10,000 files costs a handful of syscalls, not 20,000).
 */
static int read_map(struct xl_bpf *b, struct bpf_map *map, struct xl_snapshot *s, entry_fn fn)
{
	size_t ksize = bpf_map__key_size(map), vsize = percpu_size(map);
	__u32 max = bpf_map__max_entries(map), batch = max < 4096 ? max : 4096, count, i;
	int fd = bpf_map__fd(map), err;
	__u64 in[8], out[8];	/* the batch cursor: opaque, a bucket index for hashes */
	void *cursor = NULL;

	if (ensure(&b->keys, &b->keys_size, ksize * batch) ||
	    ensure(&b->values, &b->values_size, vsize * b->ncpus * batch))
		return -ENOMEM;
	do {
		count = batch;
		err = bpf_map_lookup_batch(fd, cursor, out, b->keys, b->values, &count, NULL);
		if (err && errno != ENOENT)
			return -errno;
		for (i = 0; i < count; i++)
			if (fn(s, (char *)b->keys + i * ksize, (char *)b->values + i * vsize * b->ncpus,
			       b->ncpus, vsize))
				return -ENOMEM;
		memcpy(in, out, sizeof(in));
		cursor = in;
	} while (!err);
	return 0;
}

static int file_entry(struct xl_snapshot *s, const void *key, const void *values, int ncpus,
		      size_t vsize)
{
	struct xip_file_stats sum;

	sum_file(&sum, values, ncpus, vsize);
	return xl_snapshot_add_file(s, key, &sum);
}

static int hist_entry(struct xl_snapshot *s, const void *key, const void *values, int ncpus,
		      size_t vsize)
{
	struct xl_hist sum;

	sum_hist(&sum, values, ncpus, vsize);
	return xl_snapshot_add_hist(s, key, &sum);
}

int xl_maps_counters(struct xl_bpf *b, uint64_t out[XIP_NR_COUNTERS])
{
	__u64 *v;

	if (ensure(&b->values, &b->values_size, sizeof(*v) * b->ncpus))
		return -ENOMEM;
	v = b->values;
	for (__u32 c = 0; c < XIP_NR_COUNTERS; c++) {
		out[c] = 0;
		if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.counters), &c, v))
			return -errno;
		for (int cpu = 0; cpu < b->ncpus; cpu++)
			out[c] += v[cpu];
	}
	return 0;
}

int xl_maps_read(struct xl_bpf *b, struct xl_snapshot *s)
{
	int err;

	xl_snapshot_clear(s);
	err = read_map(b, b->skel->maps.files, s, file_entry);
	if (!err && b->caps.timing)
		err = read_map(b, b->skel->maps.hists, s, hist_entry);
	if (!err)
		err = xl_maps_counters(b, s->counters);
	if (err)
		return err;
	xl_snapshot_sort(s);
	return 0;
}

int xl_maps_file(struct xl_bpf *b, const struct xip_file_key *key, struct xip_file_stats *out)
{
	struct bpf_map *map = b->skel->maps.files;
	size_t vsize = percpu_size(map);

	if (ensure(&b->values, &b->values_size, vsize * b->ncpus))
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(map), key, b->values))
		return -errno;
	sum_file(out, b->values, b->ncpus, vsize);
	return 0;
}

int xl_maps_path(struct xl_bpf *b, unsigned int dev, uint64_t ino, struct xip_path *p)
{
	struct xip_inode_key key = { .ino = ino, .dev = dev };

	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.paths), &key, p) ? -ENOENT : 0;
}

int xl_maps_comm(struct xl_bpf *b, uint32_t tgid, char comm[XIP_COMM_LEN])
{
	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.comms), &tgid, comm) ? -ENOENT : 0;
}
