// SPDX-License-Identifier: GPL-2.0
/* Reading rows from the mapped arrays (see rowread.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "bpf-internal.h"
#include "filestats.h"
#include "rowread.h"

int xl_rows_setup(struct xl_bpf *b)
{
	b->seen = calloc(b->max_files, sizeof(*b->seen));
	b->hseen = calloc(b->nhists, sizeof(*b->hseen));
	b->read_window = 0;
	return b->seen && b->hseen ? 0 : -ENOMEM;
}

void xl_rows_teardown(struct xl_bpf *b)
{
	free(b->seen);
	free(b->hseen);
	free(b->cpu_seen);
	b->seen = NULL;
	b->hseen = NULL;
	b->cpu_seen = NULL;
}

static const struct xip_row_cpu *part(const struct xl_bpf *b, __u32 r, int cpu)
{
	return &b->rows_cpu[(size_t)r * b->ncpus + cpu];
}

/* CPU cpu's part of histogram block blk (1-based, as rows hold them). */
static const struct xip_hist *block_part(const struct xl_bpf *b, __u32 blk, int cpu)
{
	return &b->hists[(size_t)(blk - 1) * b->ncpus + cpu];
}

void xl_row_sum(const struct xl_bpf *b, __u32 r, struct xip_file_stats *st)
{
	const volatile struct xip_row *row = &b->rows[r];
	int i;

	memset(st, 0, sizeof(*st));
	for (int c = 0; c < b->ncpus; c++) {
		const volatile struct xip_row_cpu *rc = part(b, r, c);

		for (i = 0; i < XIP_NR_KINDS; i++)
			st->count[i] += rc->count[i];
		st->major_pmd += rc->major_pmd;
		for (i = 0; i < XIP_NR_COW_SOURCES; i++)
			st->cow_source[i] += rc->cow_source[i];
	}
	for (i = 0; i < XIP_NR_FALLBACK_REASONS; i++)
		st->fallback[i] = row->fallback[i];
	st->zero_count = row->zero_count;
	st->zero_bytes = row->zero_bytes;
	st->zero_unwritten = row->zero_unwritten;
	for (i = 0; i < XIP_NR_DIRS; i++) {
		st->io_count[i] = row->io_count[i];
		st->io_bytes[i] = row->io_bytes[i];
	}
}

/*
 * Block blk (1-based, as rows hold them) summed over CPUs, in the kernel's
 * 32-bit slots: each CPU's slot wraps at 2^32, and so does the sum; a
 * difference of two sums is exact while fewer than 2^32 samples fall
 * between two reads.
 */
static void block_sum(const struct xl_bpf *b, __u32 blk, struct xip_hist *h)
{
	struct xip_hist p;

	memset(h, 0, sizeof(*h));
	for (int c = 0; c < b->ncpus; c++) {
		/*
		 * One copy of the CPU's part, which the kernel side may be
		 * adding to: each slot is read once, as the volatile loads
		 * did, and the sum below is then one the compiler vectorizes.
		 */
		memcpy(&p, block_part(b, blk, c), sizeof(p));
		h->sum_ns += p.sum_ns;
		for (int i = 0; i < XIP_HIST_SLOTS; i++)
			h->slot[i] += p.slot[i];
	}
}

/*
 * *d = now - was (was: 64-bit, since load; its low 32 bits are the sum
 * the last read saw), and was += *d: the totals since load do not wrap
 * with the kernel's 32-bit slots.
 */
static void block_delta(const struct xip_hist *now, struct xl_hist *was, struct xl_hist *d)
{
	d->count = 0;
	d->sum_ns = now->sum_ns - was->sum_ns;
	/* the differences, then their count: two loops the compiler vectorizes */
	for (int i = 0; i < XIP_HIST_SLOTS; i++)
		d->slot[i] = (__u32)(now->slot[i] - (__u32)was->slot[i]);
	for (int i = 0; i < XIP_HIST_SLOTS; i++)
		d->count += d->slot[i];
	xl_hist_add(was, d);
}

/* The block of row's class lat, or 0 if it has none (yet). */
static __u32 block_of(const struct xl_bpf *b, const struct xip_row *row, int lat)
{
	__u32 blk = b->caps.timing ? row->hist[lat] : 0;

	return blk <= b->nhists ? blk : 0;
}

/*
 * Did row r change since the window before the last read's? The kernel
 * side stamps a row with the window it changes in, before it changes it
 * (bpf/xiptop-bodies.bpf.h: stamp()); user space starts a new window each
 * interval. A program that stamped the window before the last read's,
 * and still counted while that read ran, is seen now: one window of
 * margin. Tracepoint and kprobe programs cannot be preempted and run for
 * microseconds, an interval is at least a tenth of a second; fentry and
 * fexit programs, which can, stamp again after their change
 * (rare_done()). One load per row: idle rows cost little.
 */
static bool stamped(const struct xl_bpf *b, __u32 r, __u32 since)
{
	return (__s32)((__u32)((const volatile __u64 *)b->stamps)[r] - since) >= 0;
}

/* Faults on row r by each CPU's node since the last read (doctor's numa-remote). */
static int count_devnodes(struct xl_bpf *b, struct xl_snapshot *s, __u32 r)
{
	if (!b->cpu_seen) {
		b->cpu_seen = calloc((size_t)b->max_files * b->ncpus, sizeof(*b->cpu_seen));
		if (!b->cpu_seen)
			return -ENOMEM;
	}
	for (int c = 0; c < b->ncpus; c++) {
		uint64_t *was = &b->cpu_seen[(size_t)r * b->ncpus + c];
		uint64_t now = xl_kind_faults(part(b, r, c)->count);

		if (now != *was && c < s->ncpu_node &&
		    xl_snapshot_add_devnode(s, b->rows[r].key.dev, s->cpu_node[c], now - *was))
			return -ENOMEM;
		*was = now;
	}
	return 0;
}

/* Row r into delta if it changed since the last read; what was seen of it is updated. */
static int row_changes(struct xl_bpf *b, struct xl_snapshot *delta, __u32 r, double now)
{
	const struct xip_row *row = &b->rows[r];
	struct xl_row_seen *was = &b->seen[r];
	struct xl_hist d[XIP_NR_LAT];
	struct xip_hist_key hk = { .file = row->key };
	struct xip_file_stats st, ds;
	bool moved = false;	/* a histogram moved */
	struct xip_hist h;
	size_t first;
	int lat;

	xl_row_sum(b, r, &st);
	for (lat = 0; lat < XIP_NR_LAT; lat++) {
		__u32 blk = block_of(b, row, lat);

		d[lat].count = d[lat].sum_ns = 0;
		if (!blk)
			continue;
		block_sum(b, blk, &h);
		block_delta(&h, &b->hseen[blk - 1], &d[lat]);
		moved = moved || d[lat].count || d[lat].sum_ns;
	}
	if (!moved && !memcmp(&st, &was->st, sizeof(st)))
		return 0;
	first = delta->nhists;
	for (lat = 0; lat < XIP_NR_LAT; lat++) {
		hk.lat = lat;
		if (d[lat].count && xl_snapshot_add_hist(delta, &hk, &d[lat]))
			return -ENOMEM;
	}
	ds = st;
	xl_stats_sub(&ds, &was->st);
	was->st = st;
	was->active = now;
	/* a fault is counted before it is timed: its time may come one read after its count */
	if (delta->nhists == first && xl_stats_zero(&ds))
		return 0;
	if (xl_snapshot_add_file(delta, &row->key, &ds))
		return -ENOMEM;
	delta->files[delta->nfiles - 1].row = r;
	return delta->cpu_node ? count_devnodes(b, delta, r) : 0;
}

int xl_rows_changes(struct xl_bpf *b, struct xl_snapshot *delta, double now)
{
	/* volatile: the kernel side moves it on (user space, in the loop) */
	__u32 window = *(volatile __u32 *)&b->window[0];
	__u32 since = b->read_window - 1;
	bool all = !b->read_window;

	for (size_t i = 0; i < b->norder; i++) {
		__u32 r = b->order[i];

		if (!(all || stamped(b, r, since)) || !b->rows[r].live)
			continue;
		if (row_changes(b, delta, r, now))
			return -ENOMEM;
	}
	b->read_window = window ? window : 1;
	return 0;
}

/* Row r's histograms into s: now's (64-bit sums of each CPU's), or as the last read found them. */
static int add_hists(const struct xl_bpf *b, struct xl_snapshot *s, __u32 r, bool now)
{
	const struct xip_row *row = &b->rows[r];
	struct xip_hist_key hk = { .file = row->key };
	struct xl_hist h;

	for (hk.lat = 0; hk.lat < XIP_NR_LAT; hk.lat++) {
		__u32 blk = block_of(b, row, hk.lat);

		if (!blk)
			continue;
		if (now) {
			memset(&h, 0, sizeof(h));
			for (int c = 0; c < b->ncpus; c++)
				xl_hist_from_bpf(&h, block_part(b, blk, c));
		} else {
			h = b->hseen[blk - 1];
		}
		if (h.count && xl_snapshot_add_hist(s, &hk, &h))
			return -ENOMEM;
	}
	return 0;
}

static int add_row(const struct xl_bpf *b, struct xl_snapshot *s, __u32 r, bool now)
{
	struct xip_file_stats st;

	if (now)
		xl_row_sum(b, r, &st);
	if (xl_snapshot_add_file(s, &b->rows[r].key, now ? &st : &b->seen[r].st))
		return -ENOMEM;
	s->files[s->nfiles - 1].row = r;
	if (!now)
		s->files[s->nfiles - 1].active = b->seen[r].active;
	return add_hists(b, s, r, now);
}

int xl_rows_as_read(const struct xl_bpf *b, struct xl_snapshot *s)
{
	for (size_t i = 0; i < b->norder; i++)
		if (b->rows[b->order[i]].live && add_row(b, s, b->order[i], false))
			return -ENOMEM;
	return 0;
}

int xl_rows_now(const struct xl_bpf *b, struct xl_snapshot *s)
{
	for (size_t i = 0; i < b->norder; i++)
		if (b->rows[b->order[i]].live && add_row(b, s, b->order[i], true))
			return -ENOMEM;
	return 0;
}

void xl_rows_forget(struct xl_bpf *b, __u32 r)
{
	const struct xip_row *row = &b->rows[r];

	for (int lat = 0; lat < XIP_NR_LAT; lat++) {
		__u32 blk = block_of(b, row, lat);

		if (blk)
			memset(&b->hseen[blk - 1], 0, sizeof(*b->hseen));
	}
	memset(&b->seen[r], 0, sizeof(b->seen[r]));
	if (b->cpu_seen)
		memset(&b->cpu_seen[(size_t)r * b->ncpus], 0, sizeof(*b->cpu_seen) * b->ncpus);
}
