// SPDX-License-Identifier: GPL-2.0
/* xiptop-unit: histograms and percentiles, snapshot deltas, rows, totals, views. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "cli.h"
#include "filestats.h"
#include "findings.h"
#include "hist.h"
#include "kinds.h"
#include "mapsize.h"
#include "mounts.h"
#include "namecache.h"
#include "naming.h"
#include "output.h"
#include "parse.h"
#include "paths.h"
#include "rows.h"
#include "snapshot.h"
#include "units.h"
#include "view.h"
#include "xiptop-unit.h"

/* ---- histograms ---- */

static void test_slot_bounds(void **state)
{
	(void)state;
	assert_int_equal(xl_slot_low(0), 0);
	assert_int_equal(xl_slot_high(0), 1);
	assert_int_equal(xl_slot_low(1), 2);
	assert_int_equal(xl_slot_high(1), 3);
	assert_int_equal(xl_slot_low(12), 4096);
	assert_int_equal(xl_slot_high(12), 8191);
	assert_true(xl_slot_high(31) == 0xffffffffULL);
}

static void test_percentile_empty(void **state)
{
	struct xl_hist h = { 0 };

	(void)state;
	assert_int_equal(xl_hist_percentile(&h, 0.5), 0);
	assert_int_equal(xl_hist_percentile(&h, 0.99), 0);
}

static void test_percentile_one_slot(void **state)
{
	struct xl_hist h = { 0 };

	(void)state;
	/* 100 samples in [4096, 8192): interpolated across the slot */
	h.slot[12] = 100;
	h.count = 100;
	assert_int_equal(xl_hist_percentile(&h, 0.5), 4096 + 2048);
	assert_int_equal(xl_hist_percentile(&h, 1.0), 8192);
	assert_int_equal(xl_hist_percentile(&h, 0.0), 4096 + 40);	/* rank 1 of 100 */
	assert_true(xl_hist_percentile(&h, 0.99) >= 8110 && xl_hist_percentile(&h, 0.99) <= 8152);
}

static void test_percentile_two_slots(void **state)
{
	struct xl_hist h = { 0 };
	uint64_t p50, p99;

	(void)state;
	/* 90 fast (1-2 us), 10 slow (1-2 ms) */
	h.slot[10] = 90;
	h.slot[20] = 10;
	h.count = 100;
	p50 = xl_hist_percentile(&h, 0.5);
	p99 = xl_hist_percentile(&h, 0.99);
	assert_true(p50 >= 1024 && p50 < 2048);
	assert_true(p99 >= (1 << 20) && p99 < (2 << 20));
	/* monotonic in q */
	for (double q = 0; q < 1; q += 0.01)
		assert_true(xl_hist_percentile(&h, q) <= xl_hist_percentile(&h, q + 0.01));
}

/* A row's three percentiles, found in one pass: the same as one at a time. */
static void test_pct_one_pass(void **state)
{
	struct xl_hist h = { 0 };
	struct xl_pct p;

	(void)state;
	/* all three in one slot: 1 + 998 + 1 samples */
	h.slot[5] = 1;
	h.slot[9] = 998;
	h.slot[20] = 1;
	xl_hist_pct(&h, &p);
	assert_int_equal(p.p50, 768);			/* rank 500: 512 + 499/998 of 512 */
	assert_int_equal(p.p99, 512 + 507);		/* rank 990: 989/998 */
	assert_int_equal(p.p999, 1024);			/* rank 999: the slot's end */
	/* the last one in a later slot */
	memset(&h, 0, sizeof(h));
	h.slot[9] = 990;
	h.slot[20] = 10;
	xl_hist_pct(&h, &p);
	assert_int_equal(p.p50, 770);			/* rank 500: 500/990 of 512 */
	assert_int_equal(p.p99, 1024);			/* rank 990: the slot's end */
	assert_int_equal(p.p999, (1 << 20) + 943718);	/* rank 999: 9/10 of 2^20 */
	assert_int_equal(p.p999, xl_hist_percentile(&h, 0.999));
	/* empty */
	memset(&h, 0, sizeof(h));
	xl_hist_pct(&h, &p);
	assert_true(!p.p50 && !p.p99 && !p.p999);
}

/* A sampled class's total: its sample's, scaled to every event of the class. */
static void test_sampled_total(void **state)
{
	struct xl_hist h = { .count = 200, .sum_ns = 400000 };
	struct xip_file_stats st = { 0 };

	(void)state;
	assert_int_equal(xl_hist_total_ns(NULL, 10), 0);
	assert_int_equal(xl_hist_total_ns(&(struct xl_hist){ 0 }, 10), 0);
	assert_int_equal(xl_hist_total_ns(&h, 200), 400000);	/* every event timed */
	assert_int_equal(xl_hist_total_ns(&h, 150), 400000);	/* never scaled down */
	assert_int_equal(xl_hist_total_ns(&h, 3200), 6400000);	/* a sample of 1 in 16 */
	st.count[XIP_PTE_WRITE] = 3200;
	st.io_count[XIP_WRITE] = 7;
	assert_int_equal(xl_lat_events(&st, XIP_PTE_WRITE), 3200);
	assert_int_equal(xl_lat_events(&st, XIP_LAT_IO(XIP_WRITE)), 7);
	assert_int_equal(xl_lat_events(&st, XIP_NR_LAT), 0);
	/* one class's: a fault kind's scaled; major's and I/O's none (they would count faults twice) */
	assert_int_equal(xl_class_fault_ns(&h, &st, XIP_PTE_WRITE), 6400000);
	assert_int_equal(xl_class_fault_ns(&h, &st, XIP_MAJOR), 0);
	assert_int_equal(xl_class_fault_ns(&h, &st, XIP_LAT_IO(XIP_WRITE)), 0);
	assert_int_equal(xl_class_fault_ns(NULL, &st, XIP_PTE_WRITE), 0);
	/* the mask xl_is_fault_kind() tests is the list of kinds that partition faults */
	for (unsigned int l = 0; l <= XIP_NR_LAT; l++) {
		int listed = 0;

		for (size_t k = 0; k < xl_nr_fault_kinds; k++)
			listed |= xl_fault_kinds[k] == l;
		assert_int_equal(xl_is_fault_kind(l), listed);
	}
}

/*
 * A row's fault time, worked out as its row is built: each kind that
 * partitions faults scaled by its own sample (major is not a kind of its
 * own); or, where a read worked it out (since start, read by read), that.
 */
static void test_row_fault_ns(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xt_row r[2];
	uint64_t want = 0;

	(void)state;
	add_file(&s, 1, 1, XIP_PTE_WRITE, 3200);
	s.files[0].st.count[XIP_COW] = 10;
	s.files[0].st.count[XIP_MAJOR] = 50;
	add_hist(&s, 1, 1, XIP_PTE_WRITE, 12, 200);
	add_hist(&s, 1, 1, XIP_COW, 14, 10);
	add_hist(&s, 1, 1, XIP_MAJOR, 16, 50);	/* major overlaps the kinds: not added */
	add_file(&s, 1, 2, XIP_PTE_READ, 4);	/* no histogram: no time */
	xl_snapshot_sort(&s);
	xt_rows_build(&s, r, 0);
	for (unsigned int i = 0; i < s.nhists; i++)
		if (s.hists[i].key.file.ino == 1 && s.hists[i].key.lat != XIP_MAJOR)
			want += xl_hist_total_ns(&s.hists[i].h,
						 s.files[0].st.count[s.hists[i].key.lat]);
	assert_int_not_equal(r[0].fault_ns, 0);
	assert_int_equal(r[0].fault_ns, want);
	assert_int_equal(r[1].fault_ns, 0);
	/* a read's, summed read by read, is the row's, whatever the sums' ratio says */
	s.files[0].fault_ns = 123456789;
	xt_rows_build(&s, r, 0);
	assert_int_equal(r[0].fault_ns, 123456789);
	/* a row read "now" before any read timed it: none yet, not the sums' ratio */
	s.files[0].fault_ns = 0;
	s.files[0].row = 3;
	xt_rows_build(&s, r, 0);
	assert_int_equal(r[0].fault_ns, 0);
	xl_snapshot_free(&s);
}

/* ---- snapshots ---- */

/*
 * A snapshot's arrays double up to 4,096 entries, then grow by an
 * eighth: room for at most an eighth more than the most entries held.
 */
static void test_snapshot_growth(void **state)
{
	struct xl_snapshot s = { 0 };

	(void)state;
	for (unsigned int i = 0; i < 4096; i++)
		add_file(&s, 1, i, XIP_PTE_READ, 1);
	assert_int_equal(s.capfiles, 4096);
	add_file(&s, 1, 4096, XIP_PTE_READ, 1);
	assert_int_equal(s.capfiles, 4608);
	for (unsigned int i = 4097; i < 10001; i++)
		add_file(&s, 1, i, XIP_PTE_READ, 1);
	/* 4,608, 5,184, 5,832, 6,561, 7,381, 8,303, 9,340, 10,507 */
	assert_int_equal(s.capfiles, 10507);
	for (unsigned int i = 0; i < 10001; i++)
		assert_int_equal(s.files[i].key.ino, i);
	xl_snapshot_free(&s);
}

/*
 * An interval read in parts (xiptop's intervals over a minute): an
 * earlier part's differences added to a later one's, a file or class in
 * both summed, the later part's time and counters kept.
 */
static void test_snapshot_merge(void **state)
{
	struct xl_snapshot later = { 0 }, earlier = { 0 };
	const struct xl_hist *h;
	struct xip_file_key k2 = key(1, 2);

	(void)state;
	later.time = 120.0;
	later.counters[XIP_CTR_FILES_FULL] = 7;
	add_file(&later, 1, 2, XIP_PTE_READ, 3);
	add_file(&later, 1, 5, XIP_COW, 1);
	add_hist(&later, 1, 2, XIP_PTE_READ, 12, 3);
	later.files[0].fault_ns = 100;
	later.files[0].active = 119.0;
	later.sums.st.count[XIP_PTE_READ] = 3;
	later.sums.st.count[XIP_COW] = 1;
	later.sums_valid = true;
	assert_int_equal(xl_snapshot_add_devnode(&later, 1, 0, 4), 0);
	earlier.time = 60.0;
	earlier.counters[XIP_CTR_FILES_FULL] = 5;
	add_file(&earlier, 1, 3, XIP_PTE_WRITE, 9);
	add_file(&earlier, 1, 2, XIP_PTE_READ, 2);	/* appended unsorted: merge sorts */
	add_hist(&earlier, 1, 2, XIP_PTE_READ, 12, 1);
	add_hist(&earlier, 1, 2, XIP_PTE_READ, 14, 1);	/* the same class: one histogram */
	add_hist(&earlier, 1, 3, XIP_PTE_WRITE, 10, 9);
	earlier.files[1].fault_ns = 40;
	earlier.files[1].active = 50.0;
	earlier.sums.st.count[XIP_PTE_READ] = 2;
	earlier.sums.st.count[XIP_PTE_WRITE] = 9;
	earlier.sums_valid = true;
	assert_int_equal(xl_snapshot_add_devnode(&earlier, 1, 0, 6), 0);
	assert_int_equal(xl_snapshot_add_devnode(&earlier, 1, 1, 2), 0);
	assert_int_equal(xl_snapshot_merge(&later, &earlier), 0);
	assert_int_equal(later.nfiles, 3);
	assert_int_equal(later.files[0].key.ino, 2);
	assert_int_equal(later.files[1].key.ino, 3);
	assert_int_equal(later.files[2].key.ino, 5);
	assert_int_equal(later.files[0].st.count[XIP_PTE_READ], 5);
	assert_int_equal(later.files[0].fault_ns, 140);
	assert_true(later.files[0].active == 119.0);
	assert_int_equal(later.files[1].st.count[XIP_PTE_WRITE], 9);
	assert_int_equal(later.nhists, 2);
	h = xl_find_hist(&later, &k2, XIP_PTE_READ);
	assert_non_null(h);
	assert_int_equal(h->count, 5);
	assert_int_equal(h->slot[12], 4);
	assert_int_equal(h->slot[14], 1);
	assert_true(later.sums_valid);
	assert_int_equal(later.sums.st.count[XIP_PTE_READ], 5);
	assert_int_equal(later.sums.st.count[XIP_PTE_WRITE], 9);
	assert_int_equal(xl_snapshot_devnode(&later, 1, 0), 10);
	assert_int_equal(xl_snapshot_devnode(&later, 1, 1), 2);
	assert_true(later.time == 120.0);
	assert_int_equal(later.counters[XIP_CTR_FILES_FULL], 7);
	/* sums that were not kept valid on either side are not valid after */
	earlier.sums_valid = false;
	assert_int_equal(xl_snapshot_merge(&later, &earlier), 0);
	assert_false(later.sums_valid);
	xl_snapshot_free(&later);
	xl_snapshot_free(&earlier);
}

static void test_per_process_keys_differ(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xip_file_key a = { .dev = 1, .ino = 5, .tgid = 100 }, b = { .dev = 1, .ino = 5, .tgid = 200 };
	struct xip_file_stats st = { 0 };

	(void)state;
	st.count[XIP_PTE_READ] = 1;
	xl_snapshot_add_file(&s, &b, &st);
	st.count[XIP_PTE_READ] = 2;
	xl_snapshot_add_file(&s, &a, &st);
	xl_snapshot_sort(&s);
	assert_int_equal(xl_find_file(&s, &a)->st.count[XIP_PTE_READ], 2);
	assert_int_equal(xl_find_file(&s, &b)->st.count[XIP_PTE_READ], 1);
	xl_snapshot_free(&s);
}

/* ---- rows ---- */

static void test_rows_sort(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xt_row rows[3];

	(void)state;
	add_file(&s, 1, 1, XIP_PTE_READ, 5);
	add_file(&s, 1, 2, XIP_PTE_WRITE, 50);
	add_file(&s, 1, 3, XIP_COW, 5);
	add_hist(&s, 1, 1, XIP_PTE_READ, 20, 5);	/* slow */
	add_hist(&s, 1, 2, XIP_PTE_WRITE, 10, 50);
	xl_snapshot_sort(&s);
	xt_rows_build(&s, rows, XT_ROWS_PCT);
	rows[0].path = "/b";
	rows[1].path = "/c";
	rows[2].path = "/a";
	assert_int_equal(xt_rows_sort(rows, 3, XT_SORT_FAULTS, 0), 0);
	assert_int_equal(rows[0].f->key.ino, 2);
	assert_int_equal(rows[1].f->key.ino, 1);	/* tie with ino 3: key order */
	assert_int_equal(rows[2].f->key.ino, 3);
	assert_int_equal(xt_rows_sort(rows, 3, XT_SORT_P99, 0), 0);
	assert_int_equal(rows[0].f->key.ino, 1);
	assert_int_equal(xt_rows_sort(rows, 3, XT_SORT_COW, 0), 0);
	assert_int_equal(rows[0].f->key.ino, 3);
	assert_int_equal(xt_rows_sort(rows, 3, XT_SORT_PATH, 0), 0);
	assert_string_equal(rows[0].path, "/a");
	assert_string_equal(rows[2].path, "/c");
	xl_snapshot_free(&s);
}

/*
 * Each class's percentiles, as the outputs print them: the class's own
 * histogram's, taken from the row's when the row's faults are of that
 * one class, worked out otherwise (a file with two kinds, a class that
 * is not a fault kind, a row whose percentiles are not worked out yet).
 */
static void test_class_pct(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xip_file_key k2 = key(1, 2);
	struct xip_file_stats st = { 0 };
	struct xt_row rows[2];
	struct xl_pct p, want;

	(void)state;
	add_file(&s, 1, 1, XIP_PTE_READ, 5);		/* one kind */
	add_hist(&s, 1, 1, XIP_PTE_READ, 12, 5);
	st.count[XIP_PTE_READ] = 4;			/* two kinds and a major class */
	st.count[XIP_PTE_WRITE] = 6;
	st.count[XIP_MAJOR] = 6;
	assert_int_equal(xl_snapshot_add_file(&s, &k2, &st), 0);
	add_hist(&s, 1, 2, XIP_PTE_READ, 8, 4);
	add_hist(&s, 1, 2, XIP_PTE_WRITE, 20, 6);
	add_hist(&s, 1, 2, XIP_MAJOR, 20, 6);
	xl_snapshot_sort(&s);
	xt_rows_build(&s, rows, 0);
	assert_int_equal(rows[0].pct_class, -1);	/* not worked out yet */
	xt_class_pct(&rows[0], rows[0].lat[XIP_PTE_READ], XIP_PTE_READ, &p);
	xl_hist_pct(rows[0].lat[XIP_PTE_READ], &want);
	assert_memory_equal(&p, &want, sizeof(p));
	xt_rows_pct(rows, 2);
	assert_int_equal(rows[0].pct_class, XIP_PTE_READ);
	assert_memory_equal(&rows[0].pct, &want, sizeof(want));
	assert_int_equal(rows[1].pct_class, -1);	/* of two kinds */
	/* built again where it was: its percentiles not worked out, nor taken from before */
	xt_rows_build(&s, rows, 0);
	assert_int_equal(rows[0].pct_class, -1);
	xt_rows_pct(rows, 2);
	for (unsigned int lat = 0; lat < XIP_NR_LAT; lat++) {
		if (!rows[1].lat[lat])
			continue;
		xt_class_pct(&rows[1], rows[1].lat[lat], lat, &p);
		xl_hist_pct(rows[1].lat[lat], &want);
		assert_memory_equal(&p, &want, sizeof(p));
		assert_true(p.p50 != rows[1].pct.p50 || lat != XIP_PTE_READ);	/* not the row's */
	}
	/* a row's pct is used for its one class only, and the totals never */
	rows[0].pct.p50 = 1;
	xt_class_pct(&rows[0], rows[0].lat[XIP_PTE_READ], XIP_PTE_READ, &p);
	assert_int_equal(p.p50, 1);
	xt_class_pct(NULL, rows[0].lat[XIP_PTE_READ], XIP_PTE_READ, &p);
	xl_hist_pct(rows[0].lat[XIP_PTE_READ], &want);
	assert_memory_equal(&p, &want, sizeof(p));
	xl_snapshot_free(&s);
}

/*
 * Every row sorted (JSON's order): rows in key order take the radix sort,
 * rows in another order (the screen's re-sort) qsort_r(); both give the
 * same order, ties in key order, for values that differ in any byte.
 */
static void test_rows_sort_all(void **state)
{
	enum { N = 3000 };
	static const uint64_t scale[] = { 1, 1ULL << 20, 1ULL << 40, 1ULL << 56 };
	struct xl_snapshot s = { 0 };
	struct xt_row *rows = calloc(N, sizeof(*rows));
	unsigned int seed = 7;

	(void)state;
	assert_non_null(rows);
	for (unsigned int i = 0; i < N; i++) {
		seed = seed * 1103515245 + 12345;
		/* few distinct values (ties) at every magnitude, and a 0 */
		add_file(&s, 1, i + 1, XIP_PTE_READ, i % 97 ? (seed >> 16) % 5 * scale[i % 4] + 1 : 0);
	}
	xl_snapshot_sort(&s);
	for (int round = 0; round < 2; round++) {
		xt_rows_build(&s, rows, 0);
		if (round)	/* out of key order: the comparison sort */
			for (unsigned int i = 0; i < N / 2; i++) {
				struct xt_row t = rows[i];

				rows[i] = rows[N - 1 - i];
				rows[N - 1 - i] = t;
			}
		assert_int_equal(xt_rows_sort(rows, N, XT_SORT_FAULTS, 0), 0);
		for (unsigned int i = 1; i < N; i++) {
			assert_true(rows[i - 1].faults >= rows[i].faults);
			if (rows[i - 1].faults == rows[i].faults)
				assert_true(rows[i - 1].f->key.ino < rows[i].f->key.ino);
		}
	}
	free(rows);
	xl_snapshot_free(&s);
}

/* A screen's sort: its first rows in order, the others all still there, in no order. */
static void test_rows_sort_limit(void **state)
{
	enum { N = 1000, K = 7 };
	struct xl_snapshot s = { 0 };
	struct xt_row *rows = calloc(N + 1, sizeof(*rows));
	unsigned char seen[N + 1] = { 0 };

	(void)state;
	for (int i = 0; i < N; i++)	/* faults: 1..N shuffled (389 is prime to 1000) */
		add_file(&s, 1, i, XIP_PTE_READ, 1 + (i * 389) % N);
	add_file(&s, 2, 0, XIP_PTE_READ, N);	/* ties with the largest: after it, by key */
	xl_snapshot_sort(&s);
	xt_rows_build(&s, rows, 0);
	assert_int_equal(xt_rows_sort(rows, N + 1, XT_SORT_FAULTS, K), 0);
	assert_int_equal(rows[0].faults, N);
	assert_int_equal(rows[0].f->key.dev, 1);
	assert_int_equal(rows[1].faults, N);
	assert_int_equal(rows[1].f->key.dev, 2);
	for (int i = 2; i < K; i++)
		assert_int_equal(rows[i].faults, N + 1 - i);
	for (int i = 0; i <= N; i++) {	/* a permutation: every row once */
		size_t at = rows[i].f - s.files;

		assert_true(at <= N);
		assert_false(seen[at]);
		seen[at] = 1;
	}
	free(rows);
	xl_snapshot_free(&s);
}

static void test_totals_and_ratio(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xt_totals t;

	(void)state;
	add_file(&s, 1, 1, XIP_PMD_READ, 3);
	add_file(&s, 1, 2, XIP_PMD_FALLBACK, 1);
	add_file(&s, 1, 3, XIP_MAJOR, 9);	/* not a fault kind of its own */
	add_hist(&s, 1, 1, XIP_PMD_READ, 14, 3);
	add_hist(&s, 1, 2, XIP_PMD_READ, 14, 2);
	xl_snapshot_sort(&s);
	xt_totals(&s, &t);
	assert_int_equal(t.faults, 4);
	assert_int_equal(t.st.count[XIP_MAJOR], 9);
	assert_int_equal(t.lat[XIP_PMD_READ].count, 5);
	assert_true(xl_fallback_ratio(&t.st) == 0.25);
	memset(&t, 0, sizeof(t));
	assert_true(xl_fallback_ratio(&t.st) < 0);
	xl_snapshot_free(&s);
}

/* ---- views ---- */

/*
 * Regression: xiptop once kept one rows array for every view and grew it
 * with realloc() while the screen's view still pointed into it (a scrape
 * of more files than the last interval had moved it). Each view owns its
 * rows now: building a bigger one leaves the first intact (under ASan a
 * dangling pointer would fail here).
 */
static void test_views_own_rows(void **state)
{
	struct xl_snapshot small = { 0 }, big = { 0 };
	struct xt_view a = { 0 }, b = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_view_src src = { .hook = "raw_tp", .caps = &all_caps, .max_files = 10240 };
	const struct xt_row *first;

	(void)state;
	add_file(&small, 1, 5, XIP_PTE_READ, 3);
	for (int i = 0; i < 1000; i++)
		add_file(&big, 1, 100 + i, XIP_PTE_WRITE, 1 + i);
	xl_snapshot_sort(&small);
	xl_snapshot_sort(&big);
	xt_namer_put(&namer, &(struct xip_file_key){ .dev = 1, .ino = 5 }, strdup("/mnt/dax/small"), NULL);
	src.counters = small.counters;
	src.tracked = small.nfiles;
	assert_int_equal(xt_view_build(&a, &small, &src, &namer), 0);
	first = a.rows;
	src.counters = big.counters;
	src.tracked = big.nfiles;
	assert_int_equal(xt_view_build(&b, &big, &src, &namer), 0);
	assert_ptr_equal(a.rows, first);
	assert_int_equal(a.nrows, 1);
	assert_int_equal(a.rows[0].f->key.ino, 5);
	assert_string_equal(a.rows[0].path, "/mnt/dax/small");
	assert_int_equal(b.nrows, 1000);
	assert_int_equal(b.rows[0].f->key.ino, 1099);	/* most faults first */
	assert_int_equal(b.tracked, 1000);
	xt_view_free(&a);
	xt_view_free(&b);
	xt_namer_free(&namer);
	xl_snapshot_free(&small);
	xl_snapshot_free(&big);
}

/* --path filters the rows and the totals, but not what the map tracks. */
static void test_view_path_filter(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_view_src src = { .hook = "tp_btf", .caps = &all_caps, .path_prefix = "/mnt/dax/" };

	(void)state;
	add_file(&s, 1, 1, XIP_PTE_READ, 4);
	add_file(&s, 1, 2, XIP_PTE_READ, 5);
	add_file(&s, 1, 3, XIP_PTE_READ, 6);	/* no name: not under the prefix */
	add_hist(&s, 1, 2, XIP_PTE_READ, 12, 5);
	xl_snapshot_sort(&s);
	xt_namer_put(&namer, &(struct xip_file_key){ .dev = 1, .ino = 1 }, strdup("/mnt/dax/a"), NULL);
	xt_namer_put(&namer, &(struct xip_file_key){ .dev = 1, .ino = 2 }, strdup("/mnt/other/b"), NULL);
	src.counters = s.counters;
	src.tracked = s.nfiles;
	assert_int_equal(xt_view_build(&v, &s, &src, &namer), 0);
	assert_int_equal(v.nrows, 1);
	assert_string_equal(v.rows[0].path, "/mnt/dax/a");
	assert_int_equal(v.totals.faults, 4);
	assert_int_equal(v.totals.lat[XIP_PTE_READ].count, 0);	/* b's latencies went with it */
	assert_int_equal(v.tracked, 3);
	xt_view_free(&v);
	xt_namer_free(&namer);
	xl_snapshot_free(&s);
}

/* s's sums as a read adds them up (rowread.c; its own unit tests hold it to that) */
static void sums_as_read(struct xl_snapshot *s)
{
	memset(&s->sums, 0, sizeof(s->sums));
	for (size_t i = 0; i < s->nfiles; i++)
		xl_stats_add(&s->sums.st, &s->files[i].st);
	for (size_t i = 0; i < s->nhists; i++) {
		const struct xl_histrec *h = &s->hists[i];

		xl_hist_add(&s->sums.lat[h->key.lat], &h->h);
		if (xl_is_fault_kind(h->key.lat))
			s->sums.fault_ns += xl_hist_total_ns(&h->h,
				xl_lat_events(&xl_find_file(s, &h->key.file)->st, h->key.lat));
	}
	s->sums_valid = true;
}

static void assert_rows_equal(const struct xt_row *a, const struct xt_row *b)
{
	assert_memory_equal(&a->f->key, &b->f->key, sizeof(a->f->key));
	assert_int_equal(a->faults, b->faults);
	assert_int_equal(a->timed, b->timed);
	assert_int_equal(a->fault_ns, b->fault_ns);
	assert_memory_equal(&a->pct, &b->pct, sizeof(a->pct));
	assert_memory_equal(a->lat, b->lat, sizeof(a->lat));
	assert_string_equal(a->path ? a->path : "-", b->path ? b->path : "-");
	assert_string_equal(a->hint ? a->hint : "-", b->hint ? b->hint : "-");
}

/*
 * A screen's view, sorted by a count, builds only the rows it shows when
 * the snapshot has its read's sums: those rows, their order (ties by key),
 * the totals, every file's fault time and the findings (not-dax's
 * page-cache time among them, from files not shown) are what building
 * every row gives; then a new sort key builds the others, and the two
 * views agree on every row. --path, which takes files out of the
 * snapshot, builds every row.
 */
static void test_view_shown_only(void **state)
{
	static const enum xt_sort keys[] = { XT_SORT_FAULTS, XT_SORT_COW, XT_SORT_FALLBACK, XT_SORT_IO };
	static const unsigned int kinds[] = { XIP_PTE_READ, XIP_PTE_WRITE, XIP_COW, XIP_PMD_FALLBACK };
	struct xl_caps caps = all_caps;
	struct xt_view_src src = { .hook = "tp_btf", .caps = &caps, .limit = 20 };
	struct xt_fsinfo fsi = { .dev = 1, .dax_capable = true, .numa_node = -1 };
	struct xt_view path = { 0 };
	uint64_t faults = 0;
	struct xl_snapshot s = { 0 };
	struct xt_namer namer = { 0 };
	size_t findings = 0;
	char name[32];

	(void)state;
	/* 300 files, their counts in 7 values (ties everywhere), most timed, some twice */
	for (unsigned int i = 0; i < 300; i++) {
		unsigned int kind = kinds[i % 4];

		add_file(&s, 1, 1000 + i, kind, 1 + i * 37 % 7 * 100);
		s.files[s.nfiles - 1].st.io_bytes[XIP_READ] = i % 5 * 4096;
		s.files[s.nfiles - 1].st.count[XIP_PMD_FALLBACK] += i % 3 * 50;
		if (i % 6)
			add_hist(&s, 1, 1000 + i, kind, 10 + i % 9, 1 + i % 11);
		if (i % 10 == 0)
			add_hist(&s, 1, 1000 + i, XIP_LAT_IO(XIP_READ), 14, 2);
		if (i % 13 == 5) {	/* page-cache faults on a DAX-capable device: not-dax */
			s.files[s.nfiles - 1].st.count[XIP_PAGECACHE] = 30;
			add_hist(&s, 1, 1000 + i, XIP_PAGECACHE, 16, 30);
		}
		snprintf(name, sizeof(name), "/mnt/dax/f%u", i);
		xt_namer_put(&namer, &s.files[s.nfiles - 1].key, strdup(name), NULL);
	}
	xl_snapshot_sort(&s);
	caps.kinds |= 1U << XIP_PAGECACHE;
	src.counters = s.counters;
	for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
		struct xt_view shown = { 0 }, all = { 0 };
		struct xt_findings fs = { 0 }, fa = { 0 };

		src.sort = keys[k];
		s.sums_valid = false;	/* every row built */
		assert_int_equal(xt_view_build(&all, &s, &src, &namer), 0);
		sums_as_read(&s);	/* only the rows shown */
		assert_int_equal(xt_view_build(&shown, &s, &src, &namer), 0);
		assert_int_equal(all.nrows, 300);
		assert_int_equal(all.nrest, 0);
		assert_int_equal(shown.nrows, 20);
		assert_int_equal(shown.nrest, 280);
		assert_int_equal(shown.complete, 20);
		assert_int_equal(shown.caprows, 20);	/* room for the rows built only */
		assert_int_equal(shown.fault_ns, all.fault_ns);
		assert_true(all.fault_ns > 0);
		assert_memory_equal(&shown.totals, &all.totals, sizeof(all.totals));
		assert_int_equal(xt_findings_build(&fs, &shown, &fsi, 1), 0);
		assert_int_equal(xt_findings_build(&fa, &all, &fsi, 1), 0);
		assert_int_equal(fa.f[0].id, XL_F_NOT_DAX);
		assert_true(fa.f[0].ns > 0);
		xt_findings_hint(&fs);
		xt_findings_hint(&fa);
		assert_int_equal(fs.n, fa.n);
		findings += fs.n;
		for (size_t i = 0; i < fs.n; i++) {
			assert_int_equal(fs.f[i].id, fa.f[i].id);
			assert_int_equal(fs.f[i].count, fa.f[i].count);
			assert_int_equal(fs.f[i].ns, fa.f[i].ns);
			assert_true(fs.f[i].impact == fa.f[i].impact);
			assert_true(!fs.f[i].row == !fa.f[i].row);
			if (fs.f[i].row)
				assert_memory_equal(&fs.f[i].row->f->key, &fa.f[i].row->f->key,
						    sizeof(fs.f[i].row->f->key));
		}
		for (size_t i = 0; i < 20; i++)
			assert_rows_equal(&shown.rows[i], &all.rows[i]);
		/* a new sort key: every row, the same in both */
		shown.findings = &fs;
		assert_int_equal(xt_view_sort(&shown, XT_SORT_PMD), 0);
		assert_int_equal(xt_view_sort(&all, XT_SORT_PMD), 0);
		assert_int_equal(shown.nrows, 300);
		assert_int_equal(shown.caprows, 300);
		assert_int_equal(shown.nrest, 0);
		for (size_t i = 0; i < 300; i++)
			assert_rows_equal(&shown.rows[i], &all.rows[i]);
		assert_null(shown.findings);	/* they named rows by place */
		xt_findings_free(&fs);
		xt_findings_free(&fa);
		xt_view_free(&shown);
		xt_view_free(&all);
	}
	assert_true(findings > 0);
	/* --path: files taken out of the snapshot, the read's sums no longer theirs */
	src.path_prefix = "/mnt/dax/f1";	/* f1, f10 to f19, f100 to f199 */
	sums_as_read(&s);
	assert_int_equal(xt_view_build(&path, &s, &src, &namer), 0);
	assert_int_equal(path.nrows, 111);
	assert_int_equal(path.nrest, 0);
	for (size_t i = 0; i < s.nfiles; i++)
		faults += xl_total_faults(&s.files[i].st);
	assert_int_equal(path.totals.faults, faults);
	xt_view_free(&path);
	xt_namer_free(&namer);
	xl_snapshot_free(&s);
}

int model_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slot_bounds),
		cmocka_unit_test(test_percentile_empty),
		cmocka_unit_test(test_percentile_one_slot),
		cmocka_unit_test(test_percentile_two_slots),
		cmocka_unit_test(test_pct_one_pass),
		cmocka_unit_test(test_sampled_total),
		cmocka_unit_test(test_row_fault_ns),
		cmocka_unit_test(test_snapshot_merge),
		cmocka_unit_test(test_snapshot_growth),
		cmocka_unit_test(test_per_process_keys_differ),
		cmocka_unit_test(test_rows_sort),
		cmocka_unit_test(test_class_pct),
		cmocka_unit_test(test_rows_sort_all),
		cmocka_unit_test(test_rows_sort_limit),
		cmocka_unit_test(test_totals_and_ratio),
		cmocka_unit_test(test_views_own_rows),
		cmocka_unit_test(test_view_path_filter),
		cmocka_unit_test(test_view_shown_only),
	};

	return cmocka_run_group_tests_name("model_tests", tests, NULL, NULL);
}
