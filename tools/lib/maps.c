// SPDX-License-Identifier: GPL-2.0
/* Reading the maps (see maps.h). */
#define _GNU_SOURCE	/* qsort_r() */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf-internal.h"
#include "maps.h"
#include "filestats.h"
#include "missed.h"
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

/* The kernel lays array values out 8 bytes apart: these are read as C arrays. */
_Static_assert(sizeof(struct xip_row) % 8 == 0, "struct xip_row: a multiple of 8 bytes");
_Static_assert(sizeof(struct xip_row_cpu) % 8 == 0, "struct xip_row_cpu: a multiple of 8 bytes");
_Static_assert(sizeof(struct xip_hist) % 8 == 0, "struct xip_hist: a multiple of 8 bytes");

static size_t map_len(const struct bpf_map *map)
{
	size_t page = sysconf(_SC_PAGESIZE);
	/* the kernel lays array values out 8 bytes apart */
	size_t elem = ((size_t)bpf_map__value_size(map) + 7) / 8 * 8;
	size_t len = elem * bpf_map__max_entries(map);

	return (len + page - 1) / page * page;
}

/*
 * The arrays the kernel side counts into are mapped here and read in
 * place: a read of every row is loads from memory, not a copy of every
 * per-CPU value through syscalls.
 */
static void *map_array(const struct bpf_map *map)
{
	void *p = mmap(NULL, map_len(map), PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(map), 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Give n indices to a stack map, the highest first: 0 is taken first. */
static int fill_stack(const struct bpf_map *map, __u32 n)
{
	int fd = bpf_map__fd(map);

	for (__u32 i = n; i-- > 0;)
		if (bpf_map_update_elem(fd, NULL, &i, BPF_ANY))
			return -errno;
	return 0;
}

int xl_maps_setup(struct xl_bpf *b)
{
	struct xiptop_bpf *s = b->skel;
	int err;

	b->rows = map_array(s->maps.rows);
	b->rows_cpu = map_array(s->maps.rows_cpu);
	b->hists = map_array(s->maps.hists);
	b->stamps = map_array(s->maps.row_stamps);
	if (!b->rows || !b->rows_cpu || !b->hists || !b->stamps)
		return -errno;
	b->nhists = bpf_map__max_entries(s->maps.free_hists);
	b->window = &s->data->era.window;
	err = xl_rows_setup(b);
	if (!err)
		err = fill_stack(s->maps.free_rows, b->max_files);
	return err ? err : fill_stack(s->maps.free_hists, b->nhists);
}

void xl_maps_teardown(struct xl_bpf *b)
{
	if (b->rows)
		munmap(b->rows, map_len(b->skel->maps.rows));
	if (b->rows_cpu)
		munmap(b->rows_cpu, map_len(b->skel->maps.rows_cpu));
	if (b->hists)
		munmap(b->hists, map_len(b->skel->maps.hists));
	if (b->stamps)
		munmap(b->stamps, map_len(b->skel->maps.row_stamps));
	free(b->pending);
	free(b->order);
	xl_rows_teardown(b);
}

/*
 * A removed row's index is given back only once no program can still be
 * counting into it (it found the row, from a cache or rowidx, just before
 * the removal). The kernel waits for every running BPF program to end
 * (synchronize_rcu()) before an update of a map-in-map returns: an update
 * of `grace` is that wait. Where it fails, a removed row waits
 * XL_QUARANTINE_NS instead.
 */
#define XL_QUARANTINE_NS	1000000000ULL

static bool grace_period(struct xl_bpf *b)
{
	__u32 zero = 0;
	int inner = bpf_map__fd(b->skel->maps.grace_inner);

	return bpf_map_update_elem(bpf_map__fd(b->skel->maps.grace), &zero, &inner, BPF_ANY) == 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Zero row r (and its histogram blocks) and give it back to the kernel side. */
static void recycle(struct xl_bpf *b, __u32 r)
{
	struct xip_row *row = &b->rows[r];

	xl_rows_forget(b, r);
	for (int lat = 0; lat < XIP_NR_LAT; lat++) {
		__u32 blk = row->hist[lat];

		if (!blk || blk > b->nhists)
			continue;
		memset(&b->hists[blk - 1], 0, sizeof(*b->hists));
		blk--;
		bpf_map_update_elem(bpf_map__fd(b->skel->maps.free_hists), NULL, &blk, BPF_ANY);
	}
	memset(&b->rows_cpu[(size_t)r * b->ncpus], 0, sizeof(*b->rows_cpu) * b->ncpus);
	memset(row, 0, sizeof(*row));
	bpf_map_update_elem(bpf_map__fd(b->skel->maps.free_rows), NULL, &r, BPF_ANY);
}

/* Give back the removed rows no program can hold any more (all of them, after a grace period). */
static void recycle_pending(struct xl_bpf *b, bool all)
{
	uint64_t now = all ? UINT64_MAX : now_ns();
	size_t i, j = 0;

	for (i = 0; i < b->npending; i++)
		if (all || now - b->pending[i].removed >= XL_QUARANTINE_NS)
			recycle(b, b->pending[i].row);
		else
			b->pending[j++] = b->pending[i];
	b->npending = j;
}

/* Take row r out: no longer found, no longer read; given back later. 0 or -errno. */
static int remove_row(struct xl_bpf *b, __u32 r)
{
	struct xip_row *row = &b->rows[r];

	if (b->npending == b->cappending) {
		size_t cap = b->cappending ? 2 * b->cappending : 64;
		void *bigger = realloc(b->pending, cap * sizeof(*b->pending));

		if (!bigger)
			return -ENOMEM;
		b->pending = bigger;
		b->cappending = cap;
	}
	if (bpf_map_delete_elem(bpf_map__fd(b->skel->maps.rowidx), &row->key) && errno != ENOENT)
		return -errno;
	row->live = 0;
	b->order_stale = true;
	b->pending[b->npending].row = r;
	b->pending[b->npending++].removed = now_ns();
	return 0;
}

/*
 * Cached row indices older than this are not used: the removed rows are
 * found nowhere. Then, after a grace period, their indices are free.
 */
static bool removed(struct xl_bpf *b)
{
	__atomic_add_fetch(&b->skel->data->era.epoch, 1, __ATOMIC_SEQ_CST);
	return grace_period(b);
}

/* Row index of key, or -ENOENT. */
static long row_of(struct xl_bpf *b, const struct xip_file_key *key)
{
	__u32 r;

	if (bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.rowidx), key, &r))
		return -ENOENT;
	return r < (__u32)b->max_files && b->rows[r].live ? (long)r : -ENOENT;
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
	/* user space's own: check_missed_ends(), and the kernel's word on the programs */
	out[XIP_CTR_GONE_MISSED] = b->gone_missed;
	out[XIP_CTR_MISSED] = xl_programs_missed(b);
	return 0;
}

/* qsort_r()'s context: the rows whose indices are sorted */
static int cmp_rows(const void *x, const void *y, void *rows)
{
	const struct xip_row *r = rows;

	return xl_file_key_cmp(&r[*(const __u32 *)x].key, &r[*(const __u32 *)y].key);
}

/*
 * The live rows in key order. Sorted again only when rows came or went:
 * reading them in this order makes the snapshot sorted (its histograms
 * too: a row's classes come in order), so an interval sorts nothing while
 * the same files stay.
 */
static int order_rows(struct xl_bpf *b)
{
	__u32 made = __atomic_load_n(&b->skel->bss->rows_made, __ATOMIC_ACQUIRE);

	if (b->order && !b->order_stale && made == b->order_made)
		return 0;
	if (!b->order) {
		b->order = malloc(sizeof(*b->order) * b->max_files);
		if (!b->order)
			return -ENOMEM;
	}
	b->norder = 0;
	for (__u32 r = 0; r < (__u32)b->max_files; r++)
		if (b->rows[r].live)
			b->order[b->norder++] = r;
	qsort_r(b->order, b->norder, sizeof(*b->order), cmp_rows, b->rows);
	b->order_made = made;	/* a row made since: seen by the next read */
	b->order_stale = false;
	return 0;
}

int xl_maps_changes(struct xl_bpf *b, struct xl_snapshot *delta, double now)
{
	int err;

	recycle_pending(b, false);
	xl_snapshot_clear(delta);
	delta->time = now;
	err = order_rows(b);
	if (!err)
		err = xl_rows_changes(b, delta, now);
	return err ? err : xl_maps_counters(b, delta->counters);
}

int xl_maps_as_read(struct xl_bpf *b, struct xl_snapshot *s)
{
	xl_snapshot_clear(s);
	return xl_rows_as_read(b, s) ? -ENOMEM : xl_maps_counters(b, s->counters);
}

int xl_maps_as_read_gone(struct xl_bpf *b, struct xl_snapshot *s, const struct xip_gone *g,
			 size_t ng)
{
	xl_snapshot_clear(s);
	return xl_rows_as_read_gone(b, s, g, ng);
}

int xl_maps_as_read_leaving(struct xl_bpf *b, struct xl_snapshot *s, const struct xip_gone *g,
			    size_t ng, size_t *keep)
{
	xl_snapshot_clear(s);
	return xl_rows_as_read_leaving(b, s, g, ng, keep);
}

int xl_maps_read(struct xl_bpf *b, struct xl_snapshot *s)
{
	int err;

	recycle_pending(b, false);
	xl_snapshot_clear(s);
	err = order_rows(b);
	if (!err && xl_rows_now(b, s))
		err = -ENOMEM;
	return err ? err : xl_maps_counters(b, s->counters);
}

size_t xl_maps_tracked(const struct xl_bpf *b)
{
	return b->norder;
}

int xl_maps_inode_kept(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
		       const struct xl_snapshot *s, const unsigned char *drop)
{
	int err = order_rows(b);	/* with the rows made since the read */

	return err ? err : xl_rows_inode_kept(b, dev, ino, gen, s, drop);
}

size_t xl_maps_made_since_read(const struct xl_bpf *b)
{
	__u32 made = __atomic_load_n(&b->skel->bss->rows_made, __ATOMIC_ACQUIRE);

	return b->order ? (__u32)(made - b->order_made) : made;
}

/*
 * An fentry program runs with migration, not preemption, off: while one
 * run on a CPU is preempted, the kernel skips the program's other runs
 * there (recursion_misses), and an inode may end unseen. Its row then
 * ages out, and is counted (gone_missed); but the CPUs' caches may
 * name its row by the inode's address, which a new inode may take: a new
 * epoch ends those entries. (A kprobe cannot be preempted.)
 */
static void check_missed_ends(struct xl_bpf *b)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (b->gone_fentry < 0 || bpf_obj_get_info_by_fd(b->gone_fentry, &info, &len) ||
	    info.recursion_misses <= b->gone_missed)
		return;
	__atomic_add_fetch(&b->skel->data->era.epoch, 1, __ATOMIC_SEQ_CST);
	b->gone_missed = info.recursion_misses;
}

void xl_maps_new_window(struct xl_bpf *b)
{
	check_missed_ends(b);
	/*
	 * Never 0: a row's part given back zeroed is stamped by its first
	 * change, and a CPU's quiet_window of 0 (none) must match no window.
	 * One store (user space is the only writer): the programs never see
	 * the 0 in between that two increments across the wrap would show.
	 */
	__u32 w = b->skel->data->era.window + 1;

	__atomic_store_n(&b->skel->data->era.window, w ? w : 1, __ATOMIC_RELAXED);
}

int xl_maps_file(struct xl_bpf *b, const struct xip_file_key *key, struct xip_file_stats *out)
{
	long r = row_of(b, key);

	if (r < 0)
		return r;
	xl_row_sum(b, r, out);
	return 0;
}

int xl_maps_path(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
		 struct xip_path *p)
{
	struct xip_inode_key key = { .ino = ino, .dev = dev, .gen = gen };

	/* a short path (most): the paths map's value is the start of a struct xip_path */
	if (!bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.paths), &key, p))
		return 0;
	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.paths_long), &key, p) ? -ENOENT : 0;
}

int xl_maps_comm(struct xl_bpf *b, uint32_t tgid, uint64_t start, char comm[XIP_COMM_LEN])
{
	struct xip_proc_key key = { .tgid = tgid, .start = start };

	return bpf_map_lookup_elem(bpf_map__fd(b->skel->maps.comms), &key, comm) ? -ENOENT : 0;
}

/* The row f was read from, if it still holds f's key; -ENOENT if not. */
static long row_of_file(const struct xl_bpf *b, const struct xl_file *f)
{
	__u32 r = f->row;

	return r < (__u32)b->max_files && b->rows[r].live && !xl_file_key_cmp(&b->rows[r].key, &f->key) ?
	       (long)r : -ENOENT;
}

int xl_maps_keep_moved(struct xl_bpf *b, const struct xl_snapshot *s, unsigned char *drop)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct xip_file_stats now;
		long r;

		if (!drop[i] || (r = row_of_file(b, &s->files[i])) < 0)
			continue;
		xl_row_sum(b, r, &now);
		if (memcmp(&now, &s->files[i].st, sizeof(now)))
			drop[i] = 0;
	}
	return 0;
}

int xl_maps_delete(struct xl_bpf *b, const struct xl_snapshot *s, const unsigned char *drop,
		   uint64_t *lost)
{
	size_t first = b->npending, n, i, j;
	bool graced;
	int err = 0;

	for (i = 0; i < s->nfiles && !err; i++) {
		long r;

		if (drop[i] && (r = row_of_file(b, &s->files[i])) >= 0)
			err = remove_row(b, r);
	}
	n = b->npending - first;
	if (!n)
		return err;
	/*
	 * Counted once no program can be adding to them (after the grace
	 * period): what came in since the read is lost. The rows were removed
	 * in the order of s.
	 */
	graced = removed(b);
	for (i = j = 0; i < s->nfiles && j < n; i++) {
		struct xip_file_stats now;
		__u32 r = b->pending[first + j].row;

		if (!drop[i] || s->files[i].row != r)
			continue;
		xl_row_sum(b, r, &now);
		*lost += xl_total_faults(&now) - xl_total_faults(&s->files[i].st);
		j++;
	}
	recycle_pending(b, graced);
	return err;
}

void xl_maps_forget_inode(struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen)
{
	struct xip_inode_key key = { .ino = ino, .dev = dev, .gen = gen };

	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.inodes), &key);
	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.paths), &key);
	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.paths_long), &key);
}

void xl_maps_forget_process(struct xl_bpf *b, uint32_t tgid, uint64_t start)
{
	struct xip_proc_key key = { .tgid = tgid, .start = start };

	bpf_map_delete_elem(bpf_map__fd(b->skel->maps.comms), &key);
}

int xl_maps_clear(struct xl_bpf *b)
{
	bool any = false;
	int err = 0;

	for (__u32 r = 0; r < (__u32)b->max_files && !err; r++)
		if (b->rows[r].live) {
			err = remove_row(b, r);
			any = any || !err;
		}
	if (any && removed(b))
		recycle_pending(b, true);
	return err;
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
	bool first = !b->fixed_memory;
	struct bpf_map *map;
	uint64_t sum = 0;

	bpf_object__for_each_map(map, b->skel->obj) {
		int fd = bpf_map__fd(map);
		/* a preallocated map's size never changes: read once, not each interval */
		bool grows = bpf_map__map_flags(map) & BPF_F_NO_PREALLOC;

		if (fd < 0)
			continue;
		if (grows)
			sum += map_memlock(fd);
		else if (first)
			b->fixed_memory += map_memlock(fd);
	}
	return b->fixed_memory + sum;
}
