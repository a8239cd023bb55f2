// SPDX-License-Identifier: GPL-2.0
/* Reading the maps (see maps.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
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
	const struct xip_file_key *k = key;
	struct xip_file_stats sum;

	sum_file(&sum, values, ncpus, vsize);
	/* which CPUs took the faults: a file's per-CPU values say it for free */
	for (int c = 0; s->cpu_node && c < ncpus && c < s->ncpu_node; c++) {
		uint64_t n = xl_total_faults((const void *)((const char *)values + c * vsize));

		if (n && xl_snapshot_add_devnode(s, k->dev, s->cpu_node[c], n))
			return -ENOMEM;
	}
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
			continue;	/* an array's index: only a kernel bug fails this */
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

int xl_maps_path(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
		 struct xip_path *p)
{
	struct xip_inode_key key = { .ino = ino, .dev = dev, .gen = gen };

	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.paths), &key, p) ? -ENOENT : 0;
}

int xl_maps_comm(struct xl_bpf *b, uint32_t tgid, uint64_t start, char comm[XIP_COMM_LEN])
{
	struct xip_proc_key key = { .tgid = tgid, .start = start };

	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.comms), &key, comm) ? -ENOENT : 0;
}

/* A row's statistics summed over CPUs, now; false if it has none. */
static bool row_now(struct xl_bpf *b, int fd, const struct xip_file_key *k, size_t vsize,
		    struct xip_file_stats *now, bool and_delete)
{
	int err = and_delete ? bpf_map_lookup_and_delete_elem(fd, k, b->values) :
		  bpf_map_lookup_elem(fd, k, b->values);

	if (err)
		return false;
	sum_file(now, b->values, b->ncpus, vsize);
	return true;
}

int xl_maps_keep_moved(struct xl_bpf *b, const struct xl_snapshot *s, unsigned char *drop)
{
	struct bpf_map *files = b->skel->maps.files;
	size_t vsize = percpu_size(files);
	int fd = bpf_map__fd(files);

	if (ensure(&b->values, &b->values_size, vsize * b->ncpus))
		return -ENOMEM;
	for (size_t i = 0; i < s->nfiles; i++) {
		struct xip_file_stats now;

		if (drop[i] && row_now(b, fd, &s->files[i].key, vsize, &now, false) &&
		    memcmp(&now, &s->files[i].st, sizeof(now)))
			drop[i] = 0;
	}
	return 0;
}

int xl_maps_delete(struct xl_bpf *b, const struct xl_snapshot *s, const unsigned char *drop,
		   uint64_t *lost)
{
	struct bpf_map *files = b->skel->maps.files;
	int ffd = bpf_map__fd(files), hfd = bpf_map__fd(b->skel->maps.hists);
	size_t vsize = percpu_size(files), i, j = 0;

	if (ensure(&b->values, &b->values_size, vsize * b->ncpus))
		return -ENOMEM;
	for (i = 0; i < s->nfiles; i++) {
		const struct xip_file_key *k = &s->files[i].key;
		struct xip_file_stats now;

		/* hists are sorted by file, as files are: one walk beside them */
		while (j < s->nhists && xl_file_key_cmp(&s->hists[j].key.file, k) < 0)
			j++;
		if (!drop[i])
			continue;
		if (row_now(b, ffd, k, vsize, &now, true))
			*lost += xl_total_faults(&now) - xl_total_faults(&s->files[i].st);
		else if (errno != ENOENT && bpf_map_delete_elem(ffd, k) && errno != ENOENT)
			return -errno;
		for (; j < s->nhists && !xl_file_key_cmp(&s->hists[j].key.file, k); j++)
			bpf_map_delete_elem(hfd, &s->hists[j].key);
	}
	return 0;
}

void xl_maps_forget_inode(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen)
{
	struct xip_inode_key key = { .ino = ino, .dev = dev, .gen = gen };

	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.inodes), &key);
	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.paths), &key);
}

void xl_maps_forget_process(struct xl_bpf *b, uint32_t tgid, uint64_t start)
{
	struct xip_proc_key key = { .tgid = tgid, .start = start };

	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.comms), &key);
}

/* Delete every key of map, a batch of keys read at a time. */
static int clear_map(struct xl_bpf *b, struct bpf_map *map)
{
	size_t ksize = bpf_map__key_size(map);
	int fd = bpf_map__fd(map);

	if (ensure(&b->keys, &b->keys_size, ksize * 2))
		return -ENOMEM;
	/* always the first key: the one before it was just deleted */
	while (!bpf_map_get_next_key(fd, NULL, b->keys))
		if (bpf_map_delete_elem(fd, b->keys) && errno != ENOENT)
			return -errno;
	return errno == ENOENT ? 0 : -errno;
}

int xl_maps_clear(struct xl_bpf *b)
{
	int err = clear_map(b, b->skel->maps.files);

	return err ? err : clear_map(b, b->skel->maps.hists);
}

/* The memlock line of a map's fdinfo: what the kernel charges for it. */
static uint64_t map_memlock(int fd)
{
	char path[64], line[128];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

uint64_t xl_maps_memory(struct xl_bpf *b)
{
	struct bpf_map *map;
	uint64_t sum = 0;

	bpf_object__for_each_map(map, b->skel->obj)
		if (bpf_map__fd(map) >= 0)
			sum += map_memlock(bpf_map__fd(map));
	return sum;
}
