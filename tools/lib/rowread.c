// SPDX-License-Identifier: GPL-2.0
/* Reading rows from the mapped arrays (see rowread.h). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "bpf-internal.h"
#include "filestats.h"
#include "kinds.h"
#include "lifecycle.h"
#include "rowread.h"
#include "vec.h"

int xl_rows_setup(struct xl_bpf *b)
{
	b->read_window = 0;
	if (xl_chunked_init(&b->seen, b->max_files, sizeof(struct xl_row_seen)) ||
	    xl_chunked_init(&b->rseen, b->max_files, XL_ROW_STATS * sizeof(__u64)) ||
	    xl_chunked_init(&b->hseen, b->nhists, sizeof(struct xl_block_seen)) ||
	    xl_chunked_init(&b->cpu_seen, b->max_files, sizeof(uint32_t) * b->ncpus)) {
		xl_rows_teardown(b);
		return -ENOMEM;
	}
	return 0;
}

void xl_rows_teardown(struct xl_bpf *b)
{
	xl_chunked_free(&b->seen);
	xl_chunked_free(&b->rseen);
	xl_chunked_free(&b->hseen);
	xl_chunked_free(&b->cpu_seen);
}

/* What nothing was seen of reads as (a chunk never written) */
static const struct xl_row_seen no_row;
static const struct xl_block_seen no_block;

static const struct xip_row_cpu *part(const struct xl_bpf *b, __u32 r, int cpu)
{
	return &b->rows_cpu[(size_t)r * b->ncpus + cpu];
}

/* Histogram block blk (1-based, as rows hold them): every CPU's. */
static const struct xip_hist *block(const struct xl_bpf *b, __u32 blk)
{
	return &b->hists[blk - 1];
}

/*
 * The members of struct xip_file_stats as one array: those each CPU counts
 * (struct xip_row_cpu's first members, in the same order, in 32 bits),
 * then those the row holds once (struct xip_row's from major_pmd on, in
 * 64). One pass over it sums, compares and takes differences at once.
 */
#define CPU_STATS	XL_CPU_STATS
#define ROW_STATS	XL_ROW_STATS
_Static_assert(offsetof(struct xip_row_cpu, count) == 0 &&
	       offsetof(struct xip_row_cpu, cow_source) / sizeof(__u32) ==
	       offsetof(struct xip_file_stats, cow_source) / sizeof(__u64) &&
	       offsetof(struct xip_row_cpu, window) == CPU_STATS * sizeof(__u32),
	       "struct xip_row_cpu's counts are struct xip_file_stats' first members");
/* stats_changes() reads the per-CPU members four at a time, then a last two */
_Static_assert(CPU_STATS % 4 == 2 && sizeof(struct xip_row_cpu) == (CPU_STATS + 2) * sizeof(__u32),
	       "stats_changes() reads 3 vectors and a half of a CPU's part, then its window and seen");
_Static_assert(offsetof(struct xip_row, zero_count) - offsetof(struct xip_row, major_pmd) ==
	       offsetof(struct xip_file_stats, zero_count) - offsetof(struct xip_file_stats, major_pmd) &&
	       offsetof(struct xip_row, io_bytes) - offsetof(struct xip_row, major_pmd) ==
	       offsetof(struct xip_file_stats, io_bytes) - offsetof(struct xip_file_stats, major_pmd) &&
	       sizeof(struct xip_row) - offsetof(struct xip_row, major_pmd) == ROW_STATS * sizeof(__u64),
	       "struct xip_row's counts are struct xip_file_stats' last members");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the reads take a 64-bit lane's low half as its even 32-bit lane");

/*
 * Row r's per-CPU counts summed over the CPUs, modulo 2^32, four to a
 * vector (the last vector's last two lanes are no count: window, seen).
 */
static inline __attribute__((always_inline)) void
parts_sum(const struct xl_bpf *b, __u32 r, xl_u32x4 now[(CPU_STATS + 2) / 4])
{
	const __u32 *p = (const __u32 *)part(b, r, 0);
	size_t i;

#pragma GCC unroll 4
	for (i = 0; i < (CPU_STATS + 2) / 4; i++)
		now[i] = XL_VLOAD(xl_u32x4, p + 4 * i);
	for (int c = 1; c < b->ncpus; c++) {
		p = (const __u32 *)part(b, r, c);
#pragma GCC unroll 4
		for (i = 0; i < (CPU_STATS + 2) / 4; i++)
			now[i] += XL_VLOAD(xl_u32x4, p + 4 * i);
	}
}

/*
 * 64-bit totals from 32-bit sums: *was (totals, as the last read saw
 * them) plus the difference of now from their low halves, exact while
 * fewer than 2^32 counts fell in between (struct xip_row_cpu). Into d
 * the differences, n of them (4 or 2); into *tot the totals; added to
 * *sum unless it is NULL. The differences, or'ed.
 */
static inline __attribute__((always_inline)) xl_u64x2
widen4(xl_u32x4 now, const __u64 *was, __u64 *d, __u64 *tot, __u64 *sum, size_t n)
{
	const xl_u32x4 zero = { 0, 0, 0, 0 };
	xl_u64x2 t01 = XL_VLOAD(xl_u64x2, was), t23 = n > 2 ? XL_VLOAD(xl_u64x2, was + 2) : t01;
	/* the totals' low halves (little-endian: the even lanes) */
	xl_u32x4 n4 = now - __builtin_shufflevector((xl_u32x4)t01, (xl_u32x4)t23, 0, 2, 4, 6);
	xl_u64x2 n01 = (xl_u64x2)__builtin_shufflevector(n4, zero, 0, 4, 1, 5);
	xl_u64x2 n23 = (xl_u64x2)__builtin_shufflevector(n4, zero, 2, 6, 3, 7);

	XL_VSTORE(d, n01);
	XL_VSTORE(tot, t01 + n01);
	if (sum)
		XL_VSTORE(sum, XL_VLOAD(xl_u64x2, sum) + n01);
	if (n == 2)
		return n01;
	XL_VSTORE(d + 2, n23);
	XL_VSTORE(tot + 2, t23 + n23);
	if (sum)
		XL_VSTORE(sum + 2, XL_VLOAD(xl_u64x2, sum + 2) + n23);
	return n01 | n23;
}

void xl_row_sum(const struct xl_bpf *b, __u32 r, struct xip_file_stats *st)
{
	const struct xl_row_seen *was = xl_chunked_peek(&b->seen, r);
	const __u64 *w = (was ? was : &no_row)->cpu;
	__u64 *t = (__u64 *)st, d[4];
	xl_u32x4 now[(CPU_STATS + 2) / 4];
	size_t i;

	parts_sum(b, r, now);
	for (i = 0; i < CPU_STATS / 4; i++)
		widen4(now[i], w + 4 * i, d, t + 4 * i, NULL, 4);
	widen4(now[i], w + 4 * i, d, t + 4 * i, NULL, 2);
	memcpy(t + CPU_STATS, (const void *)&b->rows[r].major_pmd, ROW_STATS * sizeof(__u64));
}

/*
 * The rare members' loops below are unrolled whole (a pair a step): the
 * pragmas' 12 must follow ROW_STATS, or each row pays a loop's branches.
 */
_Static_assert(ROW_STATS / 2 == 12, "#pragma GCC unroll 12: the rare members, in pairs");

/* The rare members' differences, none: in vectors (gcc's memset() of these 192 bytes was 24 stores) */
static void no_rare_changes(__u64 *dd)
{
	const xl_u64x2 none = { 0, 0 };

#pragma GCC unroll 12
	for (size_t i = 0; i < ROW_STATS; i += 2)
		XL_VSTORE(dd + CPU_STATS + i, none);
}

/* Are the rare members at row all zero? (A row's first read: most are.) */
static bool rare_none(const __u64 *row)
{
	xl_u64x2 any = { 0, 0 };

#pragma GCC unroll 12
	for (size_t i = 0; i < ROW_STATS; i += 2)
		any |= XL_VLOAD(xl_u64x2, row + i);
	return !(any[0] | any[1]);
}

/*
 * Row r's statistics now (summed over CPUs) less what was seen (*was,
 * and its rare members in b->rseen), into *d, and added to *sum; what
 * was seen becomes now. Each member is loaded once from the arrays the
 * kernel side adds to. rare: the row's own members (2 MiB major faults,
 * fallbacks, zeroing, I/O) may have changed (its rare_window); else they
 * are taken as unchanged, not read. 1 if any moved, 0 if none, -ENOMEM.
 */
static int stats_changes(struct xl_bpf *b, __u32 r, bool rare, struct xl_row_seen *restrict was,
			 struct xip_file_stats *restrict d, struct xip_file_stats *restrict sum)
{
	__u64 *w = was->cpu, *dd = (__u64 *)d, *t = (__u64 *)sum, *wr;
	const __u64 *row = (const __u64 *)&b->rows[r].major_pmd;
	xl_u32x4 now[(CPU_STATS + 2) / 4];
	xl_u64x2 moved = { 0, 0 };
	size_t i;

	/*
	 * Where the rare members are remembered made first, if they are to
	 * be (nothing seen yet, some not zero now): a failure then leaves
	 * what was seen as it was.
	 */
	if (rare && !xl_chunked_peek(&b->rseen, r) && !rare_none(row) && !xl_chunked_at(&b->rseen, r))
		return -ENOMEM;
	/* the counts each CPU keeps: 14 of them, as 3 vectors of 4 and 2 */
	parts_sum(b, r, now);
#pragma GCC unroll 4
	for (i = 0; i < CPU_STATS / 4; i++)
		moved |= widen4(now[i], w + 4 * i, dd + 4 * i, w + 4 * i, t + 4 * i, 4);
	moved |= widen4(now[i], w + 4 * i, dd + 4 * i, w + 4 * i, t + 4 * i, 2);
	/* nothing rare remembered: none seen yet, and none now */
	wr = rare ? xl_chunked_peek(&b->rseen, r) : NULL;
	if (!wr) {
		no_rare_changes(dd);
		return !!(moved[0] | moved[1]);
	}
#pragma GCC unroll 12
	for (i = 0; i < ROW_STATS; i += 2) {
		xl_u64x2 x = XL_VLOAD(xl_u64x2, row + i);
		xl_u64x2 y = x - XL_VLOAD(xl_u64x2, wr + i);

		XL_VSTORE(dd + CPU_STATS + i, y);
		XL_VSTORE(wr + i, x);
		XL_VSTORE(t + CPU_STATS + i, XL_VLOAD(xl_u64x2, t + CPU_STATS + i) + y);
		moved |= y;
	}
	return !!(moved[0] | moved[1]);
}
_Static_assert(CPU_STATS % 2 == 0 && ROW_STATS % 2 == 0, "stats_changes() adds members in pairs");

/*
 * Block blk (1-based, as rows hold them) now, less what the last read
 * saw (*was), into *d, its slots added to *sum's (its count and time are
 * the caller's to add); *was becomes now. The kernel's slots are 32
 * bits: the difference with the low half of what was seen is exact
 * while fewer than 2^32 samples fall between two reads, and adding it
 * keeps was's totals since load in 64 bits, wraps and all.
 */
static void block_changes(const struct xl_bpf *b, __u32 blk, struct xl_block_seen *restrict was,
			  struct xl_hist *restrict d, struct xl_hist *restrict sum)
{
	const xl_u32x4 zero = { 0, 0, 0, 0 };
	xl_u32x4 now[XIP_HIST_SLOTS / 4];
	xl_u64x2 count = { 0, 0 };
	const struct xip_hist *p = block(b, blk);
	__u64 sum_ns;
	int k;

	/*
	 * Each slot read once: the kernel side may be adding to it.
	 * (Unrolled: eight vectors of a block, where a loop's own
	 * instructions were a third.)
	 */
#pragma GCC unroll 8
	for (k = 0; k < XIP_HIST_SLOTS / 4; k++)
		now[k] = XL_VLOAD(xl_u32x4, &p->slot[4 * k]);
	/*
	 * The time after the slots: record() adds a sample's time before its
	 * slot, so a slot seen has its time seen too. (Read before, a time
	 * could miss its slot's read, and wait for a sample that may never
	 * come.) A time seen without its slot waits below.
	 */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	sum_ns = __atomic_load_n(&p->sum_ns, __ATOMIC_RELAXED);
#pragma GCC unroll 8
	for (k = 0; k < XIP_HIST_SLOTS / 4; k++) {
		xl_u64x2 t01 = XL_VLOAD(xl_u64x2, &was->slot[4 * k]);
		xl_u64x2 t23 = XL_VLOAD(xl_u64x2, &was->slot[4 * k + 2]);
		/* the totals' low halves (little-endian: the even lanes), as the kernel's sum keeps them */
		xl_u32x4 lo = __builtin_shufflevector((xl_u32x4)t01, (xl_u32x4)t23, 0, 2, 4, 6);
		xl_u32x4 n = now[k] - lo;
		xl_u64x2 any = (xl_u64x2)n;

		/*
		 * Most of a row's slots did not move (its latencies fall in a
		 * few): nothing to remember or add for them.
		 */
		if (__builtin_expect(!(any[0] | any[1]), 1)) {
			XL_VSTORE(&d->slot[4 * k], (xl_u64x2)zero);
			XL_VSTORE(&d->slot[4 * k + 2], (xl_u64x2)zero);
			continue;
		}
		/* the differences, widened to 64 bits (each lane and a zero) */
		xl_u64x2 n01 = (xl_u64x2)__builtin_shufflevector(n, zero, 0, 4, 1, 5);
		xl_u64x2 n23 = (xl_u64x2)__builtin_shufflevector(n, zero, 2, 6, 3, 7);

		XL_VSTORE(&d->slot[4 * k], n01);
		XL_VSTORE(&d->slot[4 * k + 2], n23);
		XL_VSTORE(&was->slot[4 * k], t01 + n01);
		XL_VSTORE(&was->slot[4 * k + 2], t23 + n23);
		XL_VSTORE(&sum->slot[4 * k], XL_VLOAD(xl_u64x2, &sum->slot[4 * k]) + n01);
		XL_VSTORE(&sum->slot[4 * k + 2], XL_VLOAD(xl_u64x2, &sum->slot[4 * k + 2]) + n23);
		count += n01 + n23;
	}
	d->count = count[0] + count[1];
	/*
	 * A sample's time is added before its slot (record()): a read
	 * between the two sees the time alone. With no sample seen, it
	 * waits for the read that sees its count, rather than go with none.
	 */
	if (!d->count) {
		d->sum_ns = 0;
		return;
	}
	d->sum_ns = sum_ns - was->sum_ns;
	was->count += d->count;
	was->sum_ns = sum_ns;
}

/* Block blk's totals since load, as the last read saw them */
static void block_seen(const struct xl_block_seen *was, struct xl_hist *h)
{
	h->count = was->count;
	h->sum_ns = was->sum_ns;
	memcpy(h->slot, was->slot, sizeof(h->slot));
}

/*
 * Block blk's totals since load as they are now: what the last read saw
 * (was), and the 32-bit slots' differences since, so that a slot past
 * 2^32 since load (I/O is timed every call) does not go back. was is
 * left as it is: the next read's difference is from it.
 */
static void block_now(const struct xl_bpf *b, __u32 blk, const struct xl_block_seen *was,
		      struct xl_hist *h)
{
	const struct xip_hist *p = block(b, blk);

	h->count = 0;
	for (int i = 0; i < XIP_HIST_SLOTS; i++) {
		h->slot[i] = was->slot[i] + (__u32)(p->slot[i] - (__u32)was->slot[i]);
		h->count += h->slot[i];
	}
	/* after the slots, as block_changes() reads it; 64 bits in the kernel too */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	h->sum_ns = __atomic_load_n(&p->sum_ns, __ATOMIC_RELAXED);
}

/* blk (1-based, as rows hold them) if it is one of the nhists blocks, else 0 */
static __u32 block_in(__u32 blk, __u32 nhists)
{
	return blk <= nhists ? blk : 0;
}

/* The block of row's class lat, or 0 if it has none (yet). */
static __u32 block_of(const struct xl_bpf *b, const struct xip_row *row, int lat)
{
	return b->caps.timing ? block_in(row->hist[lat], b->nhists) : 0;
}

/* Row's latency classes with a block, a bit each (struct xl_row_seen's classes) */
static __u16 row_classes(const struct xl_bpf *b, const struct xip_row *row)
{
	__u16 classes = 0;

	for (int lat = 0; lat < XIP_NR_LAT; lat++)
		if (block_of(b, row, lat))
			classes |= 1U << lat;
	return classes;
}
_Static_assert(XIP_NR_LAT <= 16, "struct xl_row_seen's classes has a bit per latency class");

/* Is window w the window since or a later one? (Windows wrap: by their difference.) */
static bool window_since(__u32 w, __u32 since)
{
	return (__s32)(w - since) >= 0;
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
	return window_since((__u32)((const volatile __u64 *)b->stamps)[r], since);
}

/* Did row r's rare members change since? The same test, of the window the kernel side keeps in the row. */
static bool rare_stamped(const struct xl_bpf *b, __u32 r, __u32 since)
{
	return window_since(*(const volatile __u32 *)&b->rows[r].rare_window, since);
}

/* Faults on row r by each CPU's node since the last read (doctor's numa-remote). */
static int count_devnodes(struct xl_bpf *b, struct xl_snapshot *s, __u32 r)
{
	uint32_t *seen = xl_chunked_at(&b->cpu_seen, r);

	if (!seen)
		return -ENOMEM;
	for (int c = 0; c < b->ncpus; c++) {
		uint32_t now = XL_KIND_FAULTS(part(b, r, c)->count);

		if (now != seen[c] && c < s->ncpu_node &&
		    xl_snapshot_add_devnode(s, b->rows[r].key.dev, s->cpu_node[c], now - seen[c]))
			return -ENOMEM;
		seen[c] = now;
	}
	return 0;
}

/*
 * Row r into delta if it changed since the last read; what was seen of it
 * is updated. Its differences are worked out in delta's next entries,
 * which are kept only if something moved, and added to delta's sums.
 * rare: its rare members are stamped recently (rare_stamped()): they may
 * have changed, and a latency class may have got its block.
 */
static int row_changes(struct xl_bpf *b, struct xl_snapshot *delta, __u32 r, bool rare,
		       double now)
{
	const struct xip_row *row = &b->rows[r];
	struct xl_row_seen *was = xl_chunked_at(&b->seen, r);
	size_t first = delta->nhists;
	/* in a local: the stores below might alias b's, and reload it */
	__u32 nhists = b->nhists;
	bool moved = false;
	int counted;
	struct xl_block_seen *hwas;
	struct xl_histrec *h;
	struct xl_file *f;

	if (!was)
		return -ENOMEM;
	/*
	 * The histograms before the counts: the kernel side counts a fault
	 * before it times it, so that what this read finds timed it finds
	 * counted too.
	 */
	if (rare)
		was->classes = row_classes(b, row);
	for (unsigned int m = was->classes; m; m &= m - 1) {
		int lat = __builtin_ctz(m);
		/* set for the row's life (row_classes()): tested again only as an index */
		__u32 blk = block_in(row->hist[lat], nhists);

		if (!blk)
			continue;
		h = xl_snapshot_next_hist(delta);
		hwas = xl_chunked_at(&b->hseen, blk - 1);
		if (!h || !hwas)
			return -ENOMEM;
		block_changes(b, blk, hwas, &h->h, &delta->sums.lat[lat]);
		moved = moved || h->h.count || h->h.sum_ns;
		if (!h->h.count)
			continue;	/* (its slots, all 0, added nothing to the sums) */
		delta->sums.lat[lat].count += h->h.count;
		delta->sums.lat[lat].sum_ns += h->h.sum_ns;
		h->key.file = row->key;
		h->key.lat = lat;
		h->key.pad = 0;
		delta->nhists++;
	}
	f = xl_snapshot_next_file(delta);
	if (!f)
		return -ENOMEM;
	/* (a row left out moved nothing: its differences, all 0, added nothing to the sums) */
	counted = stats_changes(b, r, rare, was, &f->st, &delta->sums.st);
	if (counted < 0)
		return counted;
	moved = moved || counted;
	/* a fault is counted before it is timed: its time may come one read after its count */
	if (!counted && delta->nhists == first)
		goto out;
	/* its fault time (struct xl_file): every kind that partitions faults, its sample scaled to its count */
	f->fault_ns = 0;
	for (h = &delta->hists[first]; h < &delta->hists[delta->nhists]; h++)
		f->fault_ns += xl_class_fault_ns(&h->h, &f->st, h->key.lat);
	delta->sums.fault_ns += f->fault_ns;
	was->fault_ns += f->fault_ns;
	f->key = row->key;
	f->active = delta->time;
	f->row = r;
	delta->nfiles++;
	if (delta->cpu_node && count_devnodes(b, delta, r))
		return -ENOMEM;
out:
	if (moved)
		was->active = now;
	return 0;
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
		if (row_changes(b, delta, r, all || rare_stamped(b, r, since), now)) {
			delta->sums_valid = false;	/* a row may be in them and not in delta */
			return -ENOMEM;
		}
	}
	b->read_window = window ? window : 1;
	return 0;
}

/* Row r's histograms into s: as they are now, or as the last read found them (64-bit totals since load). */
static int add_hists(const struct xl_bpf *b, struct xl_snapshot *s, __u32 r, bool now)
{
	const struct xip_row *row = &b->rows[r];
	struct xip_hist_key hk = { .file = row->key };
	struct xl_hist h;

	for (hk.lat = 0; hk.lat < XIP_NR_LAT; hk.lat++) {
		__u32 blk = block_of(b, row, hk.lat);

		if (!blk)
			continue;
		const struct xl_block_seen *was = xl_chunked_peek(&b->hseen, blk - 1);

		if (!was)
			was = &no_block;
		if (now)
			block_now(b, blk, was, &h);
		else
			block_seen(was, &h);
		if (h.count && xl_snapshot_add_hist(s, &hk, &h))
			return -ENOMEM;
	}
	return 0;
}

/* Row r's statistics as the last read found them: its counts', and its rare members' if any */
static void row_seen(const struct xl_bpf *b, __u32 r, const struct xl_row_seen *was,
		     struct xip_file_stats *st)
{
	const __u64 *rare = xl_chunked_peek(&b->rseen, r);
	__u64 *t = (__u64 *)st;

	memcpy(t, was->cpu, sizeof(was->cpu));
	if (rare)
		memcpy(t + CPU_STATS, rare, ROW_STATS * sizeof(__u64));
	else
		memset(t + CPU_STATS, 0, ROW_STATS * sizeof(__u64));
}

static int add_row(const struct xl_bpf *b, struct xl_snapshot *s, __u32 r, bool now)
{
	const struct xl_row_seen *was = xl_chunked_peek(&b->seen, r);
	struct xip_file_stats st;

	if (!was)
		was = &no_row;
	if (now)
		xl_row_sum(b, r, &st);
	else
		row_seen(b, r, was, &st);
	if (xl_snapshot_add_file(s, &b->rows[r].key, &st))
		return -ENOMEM;
	s->files[s->nfiles - 1].row = r;
	/* now: its counts are, its fault time is as of the last read (which only goes up) */
	s->files[s->nfiles - 1].fault_ns = was->fault_ns;
	if (!now)
		s->files[s->nfiles - 1].active = was->active;
	return add_hists(b, s, r, now);
}

int xl_rows_as_read(const struct xl_bpf *b, struct xl_snapshot *s)
{
	for (size_t i = 0; i < b->norder; i++)
		if (b->rows[b->order[i]].live && add_row(b, s, b->order[i], false))
			return -ENOMEM;
	return 0;
}

/* The first place of b->order whose row's key is key or after it (a binary search). */
static size_t order_from(const struct xl_bpf *b, const struct xip_file_key *key)
{
	size_t lo = 0, hi = b->norder;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (xl_file_key_cmp(&b->rows[b->order[mid]].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether s (sorted by key) drops row r */
static bool dropped(const struct xl_bpf *b, const struct xl_snapshot *s, const unsigned char *drop,
		    __u32 r)
{
	const struct xl_file *f = xl_find_file(s, &b->rows[r].key);

	return f && f->row == r && drop[f - s->files];
}

bool xl_rows_inode_kept(const struct xl_bpf *b, unsigned int dev, uint64_t ino, uint32_t gen,
			const struct xl_snapshot *s, const unsigned char *drop)
{
	struct xip_file_key first = { .dev = dev, .ino = ino, .gen = gen };

	for (size_t i = order_from(b, &first); i < b->norder; i++) {
		const struct xip_row *row = &b->rows[b->order[i]];

		if (!xl_same_inode(&row->key, &first))
			break;
		if (row->live && !dropped(b, s, drop, b->order[i]))
			return true;
	}
	return false;
}

/* A process that ended: its id and start time, as per-process rows' keys hold them */
struct ended_proc {
	__u32 tgid;
	__u64 start;
};

static int cmp_procs(const void *a, const void *b)
{
	const struct ended_proc *x = a, *y = b;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

/*
 * Marks in want[], by place of b->order: ENDED, a row whose file or
 * process g[] says ended (mark_ended()); IDLE_INODE, a row of an inode
 * that has a row to evict (xl_rows_as_read_leaving(): forget() asks
 * whether one of its rows stays).
 */
enum { ENDED = 1, IDLE_INODE };

/*
 * Mark want[i] ENDED for the places of b->order whose rows g[] says
 * ended: an inode's rows by a search (they sort together, by (dev, ino,
 * gen) first), processes' in one pass, each row against them all sorted.
 */
static int mark_ended(const struct xl_bpf *b, const struct xip_gone *g, size_t ng,
		      unsigned char *want)
{
	struct ended_proc *procs = NULL, key;
	size_t i, j, nprocs = 0;

	for (j = 0; j < ng; j++) {
		if (g[j].what == XIP_GONE_INODE) {
			struct xip_file_key lo = { .ino = g[j].ino, .dev = g[j].dev, .gen = g[j].gen };

			for (i = order_from(b, &lo);
			     i < b->norder && xl_gone_matches(&g[j], &b->rows[b->order[i]].key); i++)
				want[i] = ENDED;
		} else if (g[j].what == XIP_GONE_PROCESS) {
			if (!procs && !(procs = calloc(ng, sizeof(*procs))))
				return -ENOMEM;
			procs[nprocs++] = (struct ended_proc){ .tgid = g[j].tgid, .start = g[j].start };
		}
	}
	if (!nprocs)
		return 0;
	qsort(procs, nprocs, sizeof(*procs), cmp_procs);
	for (i = 0; i < b->norder; i++) {
		const struct xip_file_key *k = &b->rows[b->order[i]].key;

		/* only per-process rows have a process (xl_gone_matches()) */
		key = (struct ended_proc){ .tgid = k->tgid, .start = k->owner };
		if (k->tgid && bsearch(&key, procs, nprocs, sizeof(*procs), cmp_procs))
			want[i] = ENDED;
	}
	free(procs);
	return 0;
}

/* A place of b->order and when its row last changed, as the last read found it */
struct idle_place {
	double active;
	size_t place;
};

/*
 * The least recently active first, ties by place (b->order is in key
 * order): xl_mark_idle()'s order.
 */
static int cmp_idle(const void *x, const void *y)
{
	const struct idle_place *a = x, *b = y;

	if (a->active != b->active)
		return a->active < b->active ? -1 : 1;
	return (a->place > b->place) - (a->place < b->place);
}

/*
 * Mark IDLE_INODE the rows of the places p[0..n) and every other live
 * row of their inodes not marked yet; how many.
 */
static size_t mark_idle_inodes(const struct xl_bpf *b, const struct idle_place *p, size_t n,
			       unsigned char *want)
{
	size_t marked = 0;

	for (size_t v = 0; v < n; v++) {
		const struct xip_file_key *k = &b->rows[b->order[p[v].place]].key;
		size_t lo = p[v].place, hi = p[v].place + 1;

		/* an inode's rows sort together */
		while (lo > 0 && xl_same_inode(&b->rows[b->order[lo - 1]].key, k))
			lo--;
		while (hi < b->norder && xl_same_inode(&b->rows[b->order[hi]].key, k))
			hi++;
		for (size_t i = lo; i < hi; i++)
			if (!want[i] && b->rows[b->order[i]].live) {
				want[i] = IDLE_INODE;
				marked++;
			}
	}
	return marked;
}

int xl_rows_as_read_leaving(const struct xl_bpf *b, struct xl_snapshot *s,
			    const struct xip_gone *g, size_t ng, size_t *keep)
{
	struct idle_place *p = NULL;
	size_t i, n = 0, evict;
	unsigned char *want;
	int err;

	/* the searches need the order as the last read sorted it: else every row */
	if (b->order_stale)
		return xl_rows_as_read(b, s);
	/* a mark per place, so that rows come out once each, in key order */
	want = calloc(b->norder ? b->norder : 1, 1);
	if (!want)
		return -ENOMEM;
	err = mark_ended(b, g, ng, want);
	/*
	 * The rows that did not end, past keep: the least recently active
	 * go. None can be past it if keep is not below the rows in all (the
	 * gone path): nothing to allocate then.
	 */
	if (!err && *keep < b->norder && !(p = malloc(b->norder * sizeof(*p))))
		err = -ENOMEM;
	for (i = 0; p && i < b->norder; i++) {
		const struct xl_row_seen *was = xl_chunked_peek(&b->seen, b->order[i]);

		if (!want[i] && b->rows[b->order[i]].live)
			p[n++] = (struct idle_place){ .active = (was ? was : &no_row)->active, .place = i };
	}
	evict = n > *keep ? n - *keep : 0;
	*keep = 0;
	if (evict) {
		qsort(p, n, sizeof(*p), cmp_idle);
		/* so that xl_mark_idle() on the rows given evicts those it would of every row */
		*keep = mark_idle_inodes(b, p, evict, want) - evict;
	}
	for (i = 0; i < b->norder && !err; i++)
		if (want[i] && b->rows[b->order[i]].live)
			err = add_row(b, s, b->order[i], false);
	free(p);
	free(want);
	return err ? -ENOMEM : 0;
}

int xl_rows_as_read_gone(const struct xl_bpf *b, struct xl_snapshot *s,
			 const struct xip_gone *g, size_t ng)
{
	size_t keep = SIZE_MAX;	/* nothing to evict: only the rows that ended */

	return xl_rows_as_read_leaving(b, s, g, ng, &keep);
}

int xl_rows_now(const struct xl_bpf *b, struct xl_snapshot *s)
{
	for (size_t i = 0; i < b->norder; i++)
		if (b->rows[b->order[i]].live && add_row(b, s, b->order[i], true))
			return -ENOMEM;
	return 0;
}

/* Element i of what was seen zeroed again, if it was ever written */
static void forget_seen(struct xl_chunked *c, size_t i)
{
	void *was = xl_chunked_peek(c, i);

	if (was)
		memset(was, 0, c->size);
}

void xl_rows_forget(struct xl_bpf *b, __u32 r)
{
	const struct xip_row *row = &b->rows[r];

	for (int lat = 0; lat < XIP_NR_LAT; lat++) {
		__u32 blk = block_of(b, row, lat);

		if (blk)
			forget_seen(&b->hseen, blk - 1);
	}
	forget_seen(&b->seen, r);
	forget_seen(&b->rseen, r);
	forget_seen(&b->cpu_seen, r);
}
