// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop-unit: reading rows from the kernel side's arrays (rowread.c),
 * here arrays of the test's own laid out as the kernel's: an interval's
 * changes against what the last read saw, only rows stamped since, a
 * reused row index or inode number counting from zero, and every row as read.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "bpf-internal.h"
#include "chunked.h"
#include "filestats.h"
#include "kinds.h"
#include "lifecycle.h"
#include "rowread.h"
#include "snapshot.h"
#include "xiptop-unit.h"

#define NROWS	4
#define NCPUS	2
#define NBLOCKS	4

/* A loaded object as rowread.c sees one: the arrays and the window. */
struct fake {
	struct xl_bpf b;
	struct xip_row rows[NROWS];
	struct xip_row_cpu rows_cpu[NROWS * NCPUS];
	struct xip_hist hists[NBLOCKS];		/* shared by the CPUs */
	__u64 stamps[NROWS];
	__u32 window;
	__u32 order[NROWS];
};

/* A loaded object with no row yet, at window 1. */
static struct fake *fake_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->b.rows = f->rows;
	f->b.rows_cpu = f->rows_cpu;
	f->b.hists = f->hists;
	f->b.stamps = f->stamps;
	f->b.ncpus = NCPUS;
	f->b.max_files = NROWS;
	f->b.nhists = NBLOCKS;
	f->b.caps.timing = true;
	f->b.window = &f->window;
	f->b.order = f->order;
	f->window = 1;
	assert_int_equal(xl_rows_setup(&f->b), 0);
	return f;
}

static void fake_free(struct fake *f)
{
	xl_rows_teardown(&f->b);
	free(f);
}

/* Row r takes its key (and is live), in key order at position r. */
static void fake_row(struct fake *f, __u32 r, unsigned long long ino, __u32 gen)
{
	f->rows[r].key = key(1, ino);
	f->rows[r].key.gen = gen;
	f->rows[r].live = 1;
	f->order[r] = r;
	if (f->b.norder < r + 1)
		f->b.norder = r + 1;
}

/* n faults of one kind on row r by cpu, stamped as the kernel side does; one timed, in slot (block r). */
static void fake_faults(struct fake *f, __u32 r, int cpu, unsigned int kind, __u32 n, int slot)
{
	struct xip_row_cpu *rc = &f->rows_cpu[r * NCPUS + cpu];

	rc->window = f->window;
	f->stamps[r] = f->window;
	rc->count[kind] += n;
	if (slot < 0)
		return;
	if (!f->rows[r].hist[kind]) {
		f->rows[r].rare_window = f->window;	/* as record() stamps a new class */
		f->rows[r].hist[kind] = 1 + r;		/* block r */
	}
	f->hists[r].slot[slot] += 1;
	f->hists[r].sum_ns += 1ULL << slot;
}

/* A read's sums are its files' and histograms' sums (what xt_totals() would add up), and their fault time. */
static void assert_sums(const struct xl_snapshot *d)
{
	struct xl_sums want;
	uint64_t files_ns = 0;

	memset(&want, 0, sizeof(want));
	for (size_t i = 0; i < d->nfiles; i++) {
		xl_stats_add(&want.st, &d->files[i].st);
		files_ns += d->files[i].fault_ns;
	}
	for (size_t i = 0; i < d->nhists; i++) {
		const struct xl_histrec *h = &d->hists[i];
		const struct xl_file *file = xl_find_file(d, &h->key.file);

		assert_non_null(file);
		xl_hist_add(&want.lat[h->key.lat], &h->h);
		if (xl_is_fault_kind(h->key.lat))
			want.fault_ns += xl_hist_total_ns(&h->h, xl_lat_events(&file->st, h->key.lat));
	}
	assert_true(d->sums_valid);
	assert_memory_equal(&d->sums, &want, sizeof(want));
	assert_int_equal(files_ns, want.fault_ns);	/* each file's is its part of it */
}

/* The next interval: the loop starts a new window after each read. */
static void fake_interval(struct fake *f, struct xl_snapshot *d, double now)
{
	xl_snapshot_clear(d);
	assert_int_equal(xl_rows_changes(&f->b, d, now), 0);
	assert_sums(d);
	f->window++;
}

static const struct xl_file *file_of(const struct xl_snapshot *s, unsigned long long ino, __u32 gen)
{
	struct xip_file_key k = key(1, ino);

	k.gen = gen;
	return xl_find_file(s, &k);
}

static void test_changes(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 }, all = { 0 };
	const struct xl_file *x;
	struct xip_file_key k;

	(void)state;
	fake_row(f, 0, 10, 1);
	fake_row(f, 1, 11, 1);
	fake_faults(f, 0, 0, XIP_PTE_READ, 5, 12);
	fake_faults(f, 1, 1, XIP_PTE_WRITE, 7, -1);
	fake_interval(f, &d, 1.0);		/* the first read: everything since load */
	assert_int_equal(d.nfiles, 2);
	fake_faults(f, 0, 1, XIP_PTE_READ, 3, 12);	/* row 0: 3 more, on the other CPU */
	fake_interval(f, &d, 2.0);
	assert_int_equal(d.nfiles, 1);		/* row 1 did not change */
	x = file_of(&d, 10, 1);
	assert_non_null(x);
	assert_int_equal(x->st.count[XIP_PTE_READ], 3);
	assert_int_equal(x->row, 0);
	k = key(1, 10);
	k.gen = 1;
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->count, 1);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->slot[12], 1);
	fake_interval(f, &d, 3.0);		/* stamped last window, but nothing new */
	assert_int_equal(d.nfiles, 0);
	/*
	 * A change a read cannot see: the counts moved without a recent
	 * stamp. The kernel side never does this; it shows that an idle row
	 * is not summed.
	 */
	f->rows_cpu[1 * NCPUS + 1].count[XIP_PTE_WRITE] += 100;
	fake_interval(f, &d, 4.0);
	assert_int_equal(d.nfiles, 0);
	/* timed in this interval, counted in the last: in the delta, 0 faults */
	f->hists[0].slot[13]++;
	f->stamps[0] = f->window;
	fake_interval(f, &d, 5.0);
	x = file_of(&d, 10, 1);
	assert_non_null(x);
	assert_int_equal(x->st.count[XIP_PTE_READ], 0);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->count, 1);
	/* every row as read: counts since load, last activity */
	assert_int_equal(xl_rows_as_read(&f->b, &all), 0);
	assert_int_equal(all.nfiles, 2);
	assert_int_equal(file_of(&all, 10, 1)->st.count[XIP_PTE_READ], 8);
	assert_true(file_of(&all, 10, 1)->active == 5.0);
	assert_true(file_of(&all, 11, 1)->active == 1.0);
	assert_int_equal(file_of(&all, 11, 1)->st.count[XIP_PTE_WRITE], 7);	/* as read */
	assert_int_equal(xl_find_hist(&all, &k, XIP_PTE_READ)->count, 3);
	xl_snapshot_clear(&all);
	assert_int_equal(xl_rows_now(&f->b, &all), 0);
	assert_int_equal(file_of(&all, 11, 1)->st.count[XIP_PTE_WRITE], 107);	/* as it is */
	xl_snapshot_free(&d);
	xl_snapshot_free(&all);
	fake_free(f);
}

/*
 * Row 0 (inode 10) zeroes n more times, its rare members stamped or not,
 * then a read: it shows `faults` 4 KiB reads and `zeroing` zeroings.
 */
static void rare_zeroing(struct fake *f, struct xl_snapshot *d, __u64 n, bool stamped,
			 __u64 faults, __u64 zeroing)
{
	const struct xl_file *x;

	f->rows[0].zero_count += n;
	if (stamped)
		f->rows[0].rare_window = f->window;
	f->stamps[0] = f->window;
	fake_interval(f, d, 3.5);
	x = file_of(d, 10, 1);
	assert_non_null(x);
	assert_int_equal(x->st.count[XIP_PTE_READ], faults);
	assert_int_equal(x->st.zero_count, zeroing);
}

/*
 * Every member of a file's statistics is read, the per-CPU ones summed
 * (rowread.c reads each group as one array of vectors: the last, short
 * one too), and a histogram slot or a per-CPU count whose 32-bit sum
 * wraps between two reads gives its true difference, and 64-bit totals
 * since load.
 */
static void test_every_member_and_wrap(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 }, all = { 0 };
	struct xip_file_stats want;
	struct xip_file_key k;
	const struct xl_file *x;
	__u64 *m;
	size_t i;

	(void)state;
	fake_row(f, 0, 10, 1);
	fake_faults(f, 0, 0, XIP_PTE_READ, 1, 5);
	f->hists[0].slot[5] = 0xfffffff0u;	/* 16 below the wrap */
	/* per-CPU counts are 32 bits too: these go round below, on either CPU */
	f->rows_cpu[0].count[XIP_PMD_READ] = 0xfffffff0u;
	f->rows_cpu[1].cow_source[XIP_NR_COW_SOURCES - 1] = 0xffffffffu;
	fake_interval(f, &d, 1.0);
	/* each member a value of its own: CPU 0's part, CPU 1's part, the row's */
	for (i = 0; i < XIP_NR_KINDS; i++)
		f->rows_cpu[0].count[i] += 100 + i, f->rows_cpu[1].count[i] += 200 + i;
	f->rows[0].major_pmd = 700;	/* rare, in the row */
	for (i = 0; i < XIP_NR_COW_SOURCES; i++)
		f->rows_cpu[0].cow_source[i] += 500 + i, f->rows_cpu[1].cow_source[i] += 600 + i;
	for (i = 0; i < XIP_NR_FALLBACK_REASONS; i++)
		f->rows[0].fallback[i] = 700 + i;
	f->rows[0].zero_count = 800;
	f->rows[0].zero_bytes = 801;
	f->rows[0].zero_unwritten = 802;
	f->rows[0].io_count[XIP_READ] = 803;
	f->rows[0].io_count[XIP_WRITE] = 804;
	f->rows[0].io_bytes[XIP_READ] = 805;
	f->rows[0].io_bytes[XIP_WRITE] = 806;
	f->rows[0].failed[XIP_READ] = 807;
	f->rows[0].failed[XIP_WRITE] = 808;
	f->rows[0].rare_window = f->window;	/* as rare_row() stamps them */
	f->hists[0].slot[5] += 40;		/* wraps: 0x18 now */
	f->hists[0].slot[5] += 2;		/* another CPU's, into the same block */
	f->stamps[0] = f->window;
	fake_interval(f, &d, 2.0);
	x = file_of(&d, 10, 1);
	assert_non_null(x);
	memset(&want, 0, sizeof(want));
	for (i = 0; i < XIP_NR_KINDS; i++)
		want.count[i] = 300 + 2 * i;
	want.major_pmd = 700;
	for (i = 0; i < XIP_NR_COW_SOURCES; i++)
		want.cow_source[i] = 1100 + 2 * i;
	for (i = 0; i < XIP_NR_FALLBACK_REASONS; i++)
		want.fallback[i] = 700 + i;
	want.zero_count = 800;
	want.zero_bytes = 801;
	want.zero_unwritten = 802;
	want.io_count[XIP_READ] = 803;
	want.io_count[XIP_WRITE] = 804;
	want.io_bytes[XIP_READ] = 805;
	want.io_bytes[XIP_WRITE] = 806;
	want.failed[XIP_READ] = 807;
	want.failed[XIP_WRITE] = 808;
	m = (__u64 *)&want;
	for (i = 0; i < sizeof(want) / sizeof(*m); i++)
		assert_int_equal(((const __u64 *)&x->st)[i], m[i]);
	k = key(1, 10);
	k.gen = 1;
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->slot[5], 42);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->count, 42);
	/* since load: 0xfffffff0 + 42, past 32 bits */
	assert_int_equal(xl_rows_as_read(&f->b, &all), 0);
	assert_int_equal(xl_find_hist(&all, &k, XIP_PTE_READ)->slot[5], 0xfffffff0ULL + 42);
	assert_int_equal(xl_find_hist(&all, &k, XIP_PTE_READ)->count, 0xfffffff0ULL + 42);
	x = file_of(&all, 10, 1);
	assert_non_null(x);
	assert_int_equal(x->st.count[XIP_PMD_READ], 0xfffffff0ULL + 300 + 2 * XIP_PMD_READ);
	assert_int_equal(x->st.cow_source[XIP_NR_COW_SOURCES - 1],
			 0xffffffffULL + 1100 + 2 * (XIP_NR_COW_SOURCES - 1));
	/* as it is now, unread: 5 more, on from the 64-bit total, not from the 32-bit slot */
	f->hists[0].slot[5] += 5;
	xl_snapshot_clear(&all);
	assert_int_equal(xl_rows_now(&f->b, &all), 0);
	assert_int_equal(xl_find_hist(&all, &k, XIP_PTE_READ)->slot[5], 0xfffffff0ULL + 47);
	assert_int_equal(xl_find_hist(&all, &k, XIP_PTE_READ)->count, 0xfffffff0ULL + 47);
	f->hists[0].slot[5] -= 5;
	/* and a count, the same way (xl_row_sum()) */
	f->rows_cpu[1].count[XIP_PMD_READ] += 5;
	xl_snapshot_clear(&all);
	assert_int_equal(xl_rows_now(&f->b, &all), 0);
	assert_int_equal(file_of(&all, 10, 1)->st.count[XIP_PMD_READ],
			 0xfffffff0ULL + 305 + 2 * XIP_PMD_READ);
	f->rows_cpu[1].count[XIP_PMD_READ] -= 5;
	/*
	 * The row's rare members are read only when their own stamp is
	 * recent: a change without it (the kernel side never makes one) is
	 * not seen, one with it is, and the fault counts beside it are read
	 * either way. (First two reads with nothing new: the last rare stamp
	 * is then older than the window of margin.)
	 */
	fake_interval(f, &d, 3.0);
	fake_interval(f, &d, 3.2);
	f->rows_cpu[0].count[XIP_PTE_READ] += 1;
	rare_zeroing(f, &d, 5, false, 1, 0);
	rare_zeroing(f, &d, 2, true, 0, 7);
	xl_snapshot_free(&d);
	xl_snapshot_free(&all);
	fake_free(f);
}

/*
 * A row index given back and taken by a file that reused the inode number
 * (a new generation) counts from zero, not on from the dead file's 48,000.
 */
static void test_reused_row(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 };
	const struct xl_file *x;

	(void)state;
	fake_row(f, 0, 12, 7);
	fake_faults(f, 0, 0, XIP_PTE_READ, 48000, 10);
	fake_interval(f, &d, 1.0);
	/* removed, then given back (maps.c: recycle()): forgotten, then zeroed */
	xl_rows_forget(&f->b, 0);
	memset(&f->rows[0], 0, sizeof(f->rows[0]));
	memset(&f->rows_cpu[0], 0, sizeof(f->rows_cpu[0]) * NCPUS);
	memset(&f->hists[0], 0, sizeof(f->hists[0]));
	fake_row(f, 0, 12, 8);
	fake_faults(f, 0, 1, XIP_PTE_READ, 100, 10);
	fake_interval(f, &d, 2.0);
	assert_int_equal(d.nfiles, 1);
	x = file_of(&d, 12, 8);
	assert_non_null(x);
	assert_int_equal(x->st.count[XIP_PTE_READ], 100);
	assert_int_equal(d.hists[0].h.count, 1);
	/* a row that is not live is not read */
	f->rows[0].live = 0;
	fake_faults(f, 0, 1, XIP_PTE_READ, 1, -1);
	fake_interval(f, &d, 3.0);
	assert_int_equal(d.nfiles, 0);
	xl_snapshot_free(&d);
	fake_free(f);
}

/*
 * A file's fault time since start is the sum of each read's estimate (a
 * read's sample scaled to that read's faults), which only goes up; the
 * sums' ratio would go down here: a first interval with 1 fault in 10
 * timed, a second with every fault timed.
 */
static void test_fault_time_read_by_read(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 }, all = { 0 };
	struct xl_hist sums = { .count = 11, .sum_ns = 4096 + 10 * 1024 };

	(void)state;
	fake_row(f, 0, 10, 1);
	fake_faults(f, 0, 0, XIP_PTE_READ, 10, 12);	/* 10 faults, one timed: 4096 ns */
	fake_interval(f, &d, 1.0);
	assert_int_equal(file_of(&d, 10, 1)->fault_ns, 40960);
	for (int i = 0; i < 10; i++)
		fake_faults(f, 0, 1, XIP_PTE_READ, 1, 10);	/* 10 more, each timed: 1024 ns */
	fake_interval(f, &d, 2.0);
	assert_int_equal(file_of(&d, 10, 1)->fault_ns, 10240);
	assert_int_equal(xl_rows_as_read(&f->b, &all), 0);
	assert_int_equal(file_of(&all, 10, 1)->fault_ns, 40960 + 10240);
	/* what scaling the sums would say: less than the first interval alone */
	assert_true(xl_hist_total_ns(&sums, 20) < 40960);
	/* as it is now: the counts are, the fault time is the last read's */
	fake_faults(f, 0, 1, XIP_PTE_READ, 5, 10);
	xl_snapshot_clear(&all);
	assert_int_equal(xl_rows_now(&f->b, &all), 0);
	assert_int_equal(file_of(&all, 10, 1)->st.count[XIP_PTE_READ], 25);
	assert_int_equal(file_of(&all, 10, 1)->fault_ns, 40960 + 10240);
	/* a row forgotten (removed, its index given back) starts from none */
	xl_rows_forget(&f->b, 0);
	xl_snapshot_clear(&all);
	assert_int_equal(xl_rows_as_read(&f->b, &all), 0);
	assert_int_equal(file_of(&all, 10, 1)->fault_ns, 0);
	xl_snapshot_free(&d);
	xl_snapshot_free(&all);
	fake_free(f);
}

/*
 * One window of margin: a change stamped with the window before the last
 * read's (a program that was still counting while that read ran) is read;
 * one stamped before that is taken as read already. Reads with no new
 * window between them (a scrape, the last interval on a signal) see what
 * came since.
 */
static void test_margin(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 };

	(void)state;
	fake_row(f, 0, 10, 1);
	fake_row(f, 1, 11, 1);
	fake_interval(f, &d, 1.0);	/* read at window 1; now 2 */
	fake_interval(f, &d, 2.0);	/* read at window 2; now 3 */
	/* counted late by a program that stamped window 1: read */
	f->rows_cpu[0].count[XIP_PTE_READ] = 4;
	f->stamps[0] = 1;
	/* stamped in window 0: older than the margin, not summed */
	f->rows_cpu[1 * NCPUS].count[XIP_PTE_READ] = 9;
	f->stamps[1] = 0;
	fake_interval(f, &d, 3.0);
	assert_int_equal(d.nfiles, 1);
	assert_int_equal(d.files[0].key.ino, 10);
	assert_int_equal(d.files[0].st.count[XIP_PTE_READ], 4);
	/* two reads in the same window: the second sees what came between */
	xl_snapshot_clear(&d);
	assert_int_equal(xl_rows_changes(&f->b, &d, 4.0), 0);
	assert_int_equal(d.nfiles, 0);
	fake_faults(f, 0, 1, XIP_PTE_WRITE, 2, -1);
	xl_snapshot_clear(&d);
	assert_int_equal(xl_rows_changes(&f->b, &d, 4.5), 0);
	assert_int_equal(d.nfiles, 1);
	assert_int_equal(d.files[0].st.count[XIP_PTE_WRITE], 2);
	xl_snapshot_free(&d);
	fake_free(f);
}

/*
 * A class given its histogram block after the row's first read is found
 * by the stamp of the row's rare members that comes with it (record()),
 * and its first difference is everything timed since the block was
 * given. A block that came without that stamp (the kernel side never
 * gives one so) is not looked for.
 */
static void test_new_class(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 }, all = { 0 };
	struct xip_file_key k = key(1, 10);
	struct xip_hist *h = &f->hists[2];	/* block 3 (1-based) */

	(void)state;
	k.gen = 1;
	fake_row(f, 0, 10, 1);
	fake_faults(f, 0, 0, XIP_PTE_READ, 1, 5);
	fake_interval(f, &d, 1.0);
	fake_interval(f, &d, 2.0);
	fake_interval(f, &d, 3.0);	/* the rare stamp is past the margin now */
	/* a write fault, timed, into a block given without the stamp */
	fake_faults(f, 0, 1, XIP_PTE_WRITE, 1, -1);
	f->rows[0].hist[XIP_PTE_WRITE] = 3;
	h->slot[7]++, h->sum_ns += 128;
	fake_interval(f, &d, 4.0);
	assert_int_equal(d.nfiles, 1);
	assert_null(xl_find_hist(&d, &k, XIP_PTE_WRITE));
	/* another, and the stamp: both found, in the class's first difference */
	fake_faults(f, 0, 1, XIP_PTE_WRITE, 1, -1);
	f->rows[0].rare_window = f->window;
	h->slot[7]++, h->sum_ns += 128;
	fake_interval(f, &d, 5.0);
	assert_non_null(xl_find_hist(&d, &k, XIP_PTE_WRITE));
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_WRITE)->count, 2);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_WRITE)->sum_ns, 256);
	assert_null(xl_find_hist(&d, &k, XIP_PTE_READ));	/* unchanged */
	/* then read as any class: its next sample alone */
	h->slot[8]++, h->sum_ns += 256;
	f->stamps[0] = f->window;
	fake_interval(f, &d, 6.0);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_WRITE)->count, 1);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_WRITE)->slot[8], 1);
	assert_int_equal(xl_rows_as_read(&f->b, &all), 0);
	assert_int_equal(xl_find_hist(&all, &k, XIP_PTE_WRITE)->count, 3);
	assert_false(all.sums_valid);	/* built otherwise than by a read */
	xl_snapshot_free(&d);
	xl_snapshot_free(&all);
	fake_free(f);
}

/* Doctor's faults per (device, node): by each CPU's node, per interval. */
static void test_devnodes(void **state)
{
	struct fake *f = fake_new();
	int nodes[NCPUS] = { 0, 1 };
	struct xl_snapshot d = { .cpu_node = nodes, .ncpu_node = NCPUS };

	(void)state;
	fake_row(f, 0, 10, 1);
	fake_faults(f, 0, 0, XIP_PTE_READ, 5, -1);
	fake_faults(f, 0, 1, XIP_PTE_READ, 2, -1);
	fake_interval(f, &d, 1.0);
	assert_int_equal(xl_snapshot_devnode(&d, 1, 0), 5);
	fake_faults(f, 0, 1, XIP_PTE_READ, 4, -1);
	fake_interval(f, &d, 2.0);
	assert_int_equal(xl_snapshot_devnode(&d, 1, 0), 0);
	assert_int_equal(xl_snapshot_devnode(&d, 1, 1), 4);
	assert_int_equal(xl_snapshot_devnode(&d, 1, -1 - 1), 0);	/* every node but 1 */
	xl_snapshot_free(&d);
	fake_free(f);
}

/*
 * A sample's time is added before its slot: a read between the two sees
 * the time alone. That time goes out with the read that sees the count,
 * not with no sample (lost to every interval).
 */
static void test_time_before_count(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 };
	struct xip_file_key k = key(1, 10);

	(void)state;
	k.gen = 1;
	fake_row(f, 0, 10, 1);
	fake_faults(f, 0, 0, XIP_PTE_READ, 1, 5);	/* 32 ns in slot 5 */
	fake_interval(f, &d, 1.0);
	f->rows_cpu[0].count[XIP_PTE_READ]++;		/* counted, timed: the time first */
	f->stamps[0] = f->window;
	f->hists[0].sum_ns += 1000;
	fake_interval(f, &d, 2.0);
	assert_null(xl_find_hist(&d, &k, XIP_PTE_READ));
	f->hists[0].slot[9]++;				/* then its slot */
	f->stamps[0] = f->window;
	fake_interval(f, &d, 3.0);
	assert_non_null(xl_find_hist(&d, &k, XIP_PTE_READ));
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->count, 1);
	assert_int_equal(xl_find_hist(&d, &k, XIP_PTE_READ)->sum_ns, 1000);
	xl_snapshot_free(&d);
	fake_free(f);
}

/* The rows of f that g[0..ng) says ended, as read: their places, -1 after the last. */
static void assert_ended(struct fake *f, const struct xip_gone *g, size_t ng, const int *want)
{
	struct xl_snapshot s = { 0 };
	size_t n = 0;

	assert_int_equal(xl_rows_as_read_gone(&f->b, &s, g, ng), 0);
	for (; want[n] >= 0; n++) {
		assert_true(n < s.nfiles);
		assert_int_equal(s.files[n].row, want[n]);
		assert_memory_equal(&s.files[n].key, &f->rows[want[n]].key, sizeof(s.files[n].key));
		assert_int_equal(s.files[n].st.count[XIP_PTE_READ], 10 + want[n]);	/* as read */
		assert_true(s.files[n].active == 1.0);
	}
	assert_int_equal(s.nfiles, n);
	assert_int_equal(s.nhists, n);		/* each row's histogram, as read */
	xl_snapshot_free(&s);
}

/*
 * Four rows of three inodes, as -P and -G make them: ino 11 twice (two
 * processes, started at 5 and 6), ino 12 with an owner and no process (a
 * -G cgroup's: no process record matches it).
 */
static const struct {
	unsigned long long ino;
	__u32 tgid, owner;
} keyed[NROWS] = {
	{ 10, 0, 0 }, { 11, 100, 5 }, { 11, 200, 6 }, { 12, 0, 9 },
};

/* Every row live, with keyed[]'s keys: row r keyed[r], or keyed[NROWS - 1 - r] if reversed */
static void fake_keyed_rows(struct fake *f, bool reversed)
{
	for (__u32 r = 0; r < NROWS; r++) {
		__u32 k = reversed ? NROWS - 1 - r : r;

		fake_row(f, r, keyed[k].ino, 1);
		f->rows[r].key.tgid = keyed[k].tgid;
		f->rows[r].key.owner = keyed[k].owner;
	}
}

/*
 * The rows that ended, as read, without the others: every row of a gone
 * inode (a plain one, one per process), a gone process's rows, each
 * once, in key order. An ended inode with no row adds none; a process
 * record never matches a row without a process (-G's: its owner a
 * cgroup); a row no longer live is left out. With rows removed since
 * the read (the order not searchable), every row.
 */
static void test_as_read_gone(void **state)
{
	const struct xip_gone a[] = {
		{ .what = XIP_GONE_INODE, .dev = 1, .ino = 10, .gen = 1 },
		{ .what = XIP_GONE_PROCESS, .tgid = 100, .start = 5 },
		{ .what = XIP_GONE_PROCESS, .tgid = 0, .start = 9 },	/* not row 3's cgroup */
		{ .what = XIP_GONE_INODE, .dev = 1, .ino = 13, .gen = 1 },	/* no row */
		{ .what = XIP_GONE_RENAMED, .dev = 1, .ino = 12, .gen = 1 },	/* no end */
	}, b[] = {
		{ .what = XIP_GONE_PROCESS, .tgid = 100, .start = 5 },
		{ .what = XIP_GONE_INODE, .dev = 1, .ino = 11, .gen = 1 },	/* row 1 again */
	}, c[] = {
		{ .what = XIP_GONE_INODE, .dev = 1, .ino = 10, .gen = 1 },
	};
	static const int want_a[] = { 0, 1, -1 }, want_b[] = { 1, 2, -1 }, none[] = { -1 };
	static const int every[] = { 0, 1, 2, 3, -1 }, live[] = { 1, 2, 3, -1 };
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 };

	(void)state;
	fake_keyed_rows(f, false);
	for (__u32 r = 0; r < NROWS; r++)
		fake_faults(f, r, 0, XIP_PTE_READ, 10 + r, 5);
	fake_interval(f, &d, 1.0);
	fake_faults(f, 2, 1, XIP_PTE_READ, 100, -1);	/* after the read: not in what was read */
	assert_ended(f, a, 5, want_a);
	assert_ended(f, b, 2, want_b);
	assert_ended(f, a + 3, 2, none);
	f->b.order_stale = true;
	assert_ended(f, c, 1, every);
	f->b.order_stale = false;
	f->rows[0].live = 0;
	assert_ended(f, c, 1, none);
	f->b.order_stale = true;
	assert_ended(f, c, 1, live);
	xl_snapshot_free(&d);
	fake_free(f);
}

static int not_pid_200(const struct xl_file *f, void *ctx)
{
	(void)ctx;
	return f->key.tgid != 200;
}

/* drop[] of s's files: how row r leaves (XL_KEEP, XL_EXPIRED, XL_EVICTED) */
static void drop_row(const struct xl_snapshot *s, unsigned char *drop, __u32 r, unsigned char how)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].row == r)
			drop[i] = how;
}

/*
 * With -P, an evicted row's inode is kept while another live row of it
 * stays: one that the lifecycle's rows drop not, or one they do not hold
 * (made since the read: the order it searches has it).
 */
static void test_inode_kept(void **state)
{
	struct fake *f = fake_new();
	struct xl_snapshot s = { 0 };
	unsigned char drop[NROWS];

	(void)state;
	fake_keyed_rows(f, false);	/* rows 1 and 2: ino 11, pids 100 and 200 */
	assert_int_equal(xl_rows_as_read(&f->b, &s), 0);
	memset(drop, XL_KEEP, sizeof(drop));
	drop_row(&s, drop, 1, XL_EVICTED);
	assert_true(xl_rows_inode_kept(&f->b, 1, 11, 1, &s, drop));	/* row 2 stays */
	drop_row(&s, drop, 2, XL_EVICTED);
	assert_false(xl_rows_inode_kept(&f->b, 1, 11, 1, &s, drop));	/* both leave */
	assert_false(xl_rows_inode_kept(&f->b, 1, 13, 1, &s, drop));	/* no row at all */
	/* the lifecycle's rows without row 2 (made since they were read) */
	xl_snapshot_filter(&s, not_pid_200, NULL);
	assert_int_equal(s.nfiles, NROWS - 1);
	memset(drop, XL_KEEP, sizeof(drop));
	drop_row(&s, drop, 1, XL_EVICTED);
	assert_true(xl_rows_inode_kept(&f->b, 1, 11, 1, &s, drop));
	f->rows[2].live = 0;					/* removed meanwhile */
	assert_false(xl_rows_inode_kept(&f->b, 1, 11, 1, &s, drop));
	xl_snapshot_free(&s);
	fake_free(f);
}

/*
 * What the lifecycle decides from the rows xl_rows_as_read_leaving()
 * gives: drop[] by row index (XL_KEEP, XL_EXPIRED, XL_EVICTED), and what
 * forget() asks: whether a row of an evicted row's inode stays (stays[]
 * by row), and of each gone inode's (stays[NROWS + j] for g[j]). From
 * every row as read when all is set, as the lifecycle did before.
 */
static void decide(struct fake *f, const struct xip_gone *g, size_t ng, size_t keep, bool all,
		   unsigned char by_row[NROWS], bool stays[NROWS + 2], size_t *given)
{
	struct xl_snapshot s = { 0 };
	unsigned char *drop;

	if (all)
		assert_int_equal(xl_rows_as_read(&f->b, &s), 0);
	else
		assert_int_equal(xl_rows_as_read_leaving(&f->b, &s, g, ng, &keep), 0);
	drop = calloc(s.nfiles + 1, 1);
	assert_non_null(drop);
	xl_mark_gone(&s, g, ng, drop);
	assert_true(xl_mark_idle(&s, keep, drop) >= 0);
	memset(by_row, XL_KEEP, NROWS);
	for (size_t i = 0; i < s.nfiles; i++)
		by_row[s.files[i].row] = drop[i];
	for (__u32 r = 0; r < NROWS; r++) {
		const struct xip_file_key *k = &f->rows[r].key;

		stays[r] = by_row[r] == XL_EVICTED ? xl_inode_stays(&s, drop, k->dev, k->ino, k->gen) :
			   true;
	}
	assert_true(ng <= 2);
	for (size_t j = 0; j < 2; j++)
		stays[NROWS + j] = j < ng && g[j].what == XIP_GONE_INODE ?
				   xl_inode_stays(&s, drop, g[j].dev, g[j].ino, g[j].gen) : true;
	*given = s.nfiles;
	free(drop);
	xl_snapshot_free(&s);
}

/* The lifecycle's decisions from the rows leaving equal those from every row (decide()). */
static void assert_same_decisions(struct fake *f)
{
	static const struct xip_gone ends[][2] = {
		{ { .what = XIP_GONE_RENAMED, .dev = 1, .ino = 10, .gen = 1 } },	/* no end */
		{ { .what = XIP_GONE_INODE, .dev = 1, .ino = 10, .gen = 1 } },
		{ { .what = XIP_GONE_INODE, .dev = 1, .ino = 11, .gen = 1 } },
		{ { .what = XIP_GONE_PROCESS, .tgid = 200, .start = 6 } },
		{ { .what = XIP_GONE_PROCESS, .tgid = 100, .start = 5 },
		  { .what = XIP_GONE_INODE, .dev = 1, .ino = 12, .gen = 1 } },
	};
	static const size_t nends[] = { 1, 1, 1, 1, 2 };
	unsigned char want[NROWS], got[NROWS];
	bool want_stays[NROWS + 2], got_stays[NROWS + 2];
	size_t all_rows, given, evicted_some = 0;

	for (size_t e = 0; e < sizeof(nends) / sizeof(nends[0]); e++) {
		for (size_t keep = 0; keep <= NROWS; keep++) {
			decide(f, ends[e], nends[e], keep, true, want, want_stays, &all_rows);
			decide(f, ends[e], nends[e], keep, false, got, got_stays, &given);
			assert_memory_equal(got, want, NROWS);
			assert_memory_equal(got_stays, want_stays, sizeof(want_stays));
			assert_int_equal(all_rows, NROWS);
			assert_true(given <= all_rows);
			for (__u32 r = 0; r < NROWS; r++)
				evicted_some += want[r] == XL_EVICTED;
		}
	}
	assert_true(evicted_some > 0);
}

/*
 * Near full, the lifecycle reads only the rows that leave, yet decides
 * exactly what it did from every row: the same rows expire and are
 * evicted (the least recently active, ties by key), and an evicted row's
 * inode is forgotten only where no row of it stays, for every keep and
 * every kind of end (keyed[]: rows 1 and 2 are one inode's).
 * With nothing leaving, no row is read.
 */
static void test_as_read_leaving(void **state)
{
	static const struct xip_gone none = { .what = XIP_GONE_RENAMED, .dev = 1, .ino = 10, .gen = 1 },
		inode11 = { .what = XIP_GONE_INODE, .dev = 1, .ino = 11, .gen = 1 };
	unsigned char want[NROWS], got[NROWS];
	bool want_stays[NROWS + 2], got_stays[NROWS + 2];
	size_t all_rows, given;
	struct fake *f = fake_new();
	struct xl_snapshot d = { 0 };

	(void)state;
	fake_keyed_rows(f, false);
	for (__u32 r = 0; r < NROWS; r++)
		fake_faults(f, r, 0, XIP_PTE_READ, 1, 3);
	fake_interval(f, &d, 1.0);		/* every row active at 1 */
	fake_faults(f, 0, 0, XIP_PTE_READ, 1, -1);
	fake_faults(f, 2, 1, XIP_PTE_READ, 1, -1);
	fake_interval(f, &d, 2.0);		/* rows 0 and 2 at 2: a tie, by key */
	fake_faults(f, 3, 0, XIP_PTE_READ, 1, -1);
	fake_interval(f, &d, 3.0);		/* row 3 at 3; row 1 least active */
	assert_same_decisions(f);
	/* what the order says: row 1 first, then 0 and 2 (by key), then 3 */
	decide(f, &none, 1, 3, false, got, got_stays, &given);
	assert_int_equal(got[1], XL_EVICTED);
	assert_int_equal(given, 2);		/* row 1 and its inode's other row */
	assert_true(got_stays[1]);		/* row 2 stays: the inode is not forgotten */
	decide(f, &none, 1, 2, false, got, got_stays, &given);
	assert_true(got[1] == XL_EVICTED && got[0] == XL_EVICTED && !got[2] && !got[3]);
	decide(f, &none, 1, NROWS, false, got, got_stays, &given);
	assert_int_equal(given, 0);		/* nothing leaves: nothing read */
	/* row 1 most active: row 2 goes before it, its inode's other row */
	fake_faults(f, 1, 0, XIP_PTE_READ, 1, -1);
	fake_interval(f, &d, 4.0);
	assert_same_decisions(f);
	decide(f, &none, 1, 2, false, got, got_stays, &given);
	assert_true(got[0] == XL_EVICTED && got[2] == XL_EVICTED && !got[1] && !got[3]);
	assert_true(got_stays[2] && given == 3);
	/* with rows removed since the read: every row, and the same decisions */
	f->b.order_stale = true;
	decide(f, &inode11, 1, 1, false, got, got_stays, &given);
	decide(f, &inode11, 1, 1, true, want, want_stays, &all_rows);
	assert_int_equal(given, NROWS);
	assert_memory_equal(got, want, NROWS);
	fake_free(f);

	/*
	 * Rows whose indices are not in key order: place and index differ
	 * (the key order is rows 3, 2, 1, 0), and row 3, first in it, is
	 * the least active.
	 */
	f = fake_new();
	fake_keyed_rows(f, true);
	for (__u32 r = 0; r < NROWS; r++)
		fake_faults(f, r, 0, XIP_PTE_READ, 1, 3);
	memcpy(f->order, (__u32[NROWS]){ 3, 2, 1, 0 }, sizeof(f->order));
	fake_interval(f, &d, 1.0);
	for (__u32 r = 0; r < 3; r++)
		fake_faults(f, r, 0, XIP_PTE_READ, 1, -1);
	fake_interval(f, &d, 2.0);
	fake_faults(f, 1, 0, XIP_PTE_READ, 1, -1);
	fake_interval(f, &d, 3.0);		/* row 3 at 1, rows 0 and 2 at 2, row 1 at 3 */
	assert_same_decisions(f);
	decide(f, &none, 1, 2, false, got, got_stays, &given);
	assert_true(got[3] == XL_EVICTED && got[2] == XL_EVICTED && !got[0] && !got[1]);
	assert_true(got_stays[2] && given == 3);	/* row 2's inode: row 1 stays */
	xl_snapshot_free(&d);
	fake_free(f);
}

/* Chunks of c allocated: those with memory, as xl_chunked_peek() sees them */
static size_t chunks_made(const struct xl_chunked *c)
{
	size_t n = 0;

	for (size_t k = 0; k < c->nchunks; k++)
		n += xl_chunked_peek(c, k << XL_CHUNK_SHIFT) != NULL;
	return n;
}

/* An array allocated by chunks: none until written, one per XL_CHUNK elements written. */
static void test_chunked(void **state)
{
	struct xl_chunked c;
	__u64 *x;

	(void)state;
	assert_int_equal(xl_chunked_init(&c, 3 * XL_CHUNK + 1, sizeof(*x)), 0);
	assert_int_equal(c.nchunks, 4);
	assert_null(xl_chunked_peek(&c, 0));
	assert_null(xl_chunked_peek(&c, 3 * XL_CHUNK));
	x = xl_chunked_at(&c, XL_CHUNK + 1);
	assert_non_null(x);
	assert_int_equal(*x, 0);	/* zeroed */
	*x = 42;
	assert_int_equal(chunks_made(&c), 1);
	assert_ptr_equal(xl_chunked_peek(&c, XL_CHUNK + 1), x);
	assert_ptr_equal(xl_chunked_at(&c, XL_CHUNK + 1), x);
	assert_int_equal(*(__u64 *)xl_chunked_peek(&c, XL_CHUNK), 0);	/* its chunk's neighbour */
	assert_null(xl_chunked_peek(&c, 0));
	assert_null(xl_chunked_peek(&c, 2 * XL_CHUNK));
	assert_non_null(xl_chunked_at(&c, 3 * XL_CHUNK));	/* the last element, alone in its chunk */
	assert_int_equal(chunks_made(&c), 2);
	assert_null(xl_chunked_peek(&c, 4 * XL_CHUNK));	/* past the last chunk: the table's spare, NULL */
	xl_chunked_free(&c);
	assert_int_equal(xl_chunked_init(&c, 0, 8), 0);	/* no rows: no chunk, a table */
	assert_int_equal(c.nchunks, 0);
	assert_null(xl_chunked_peek(&c, 0));
	xl_chunked_free(&c);
}

/*
 * What a read remembers takes memory for the rows and blocks it read, a
 * chunk at a time, not for every row the maps can hold; a row given back
 * is forgotten, and a row never read reads as zero.
 */
static void test_memory_follows_rows(void **state)
{
	const __u32 nrows = 4 * XL_CHUNK, far = 2 * XL_CHUNK + 5, blk = nrows - 1;	/* the last block */
	int nodes[NCPUS] = { 0, 0 };
	struct xl_snapshot d = { .cpu_node = nodes, .ncpu_node = NCPUS }, all = { 0 };
	struct xl_bpf b = { .ncpus = NCPUS, .max_files = nrows, .nhists = nrows };
	struct xl_row_seen *seen;
	const __u64 *rare;
	__u32 window = 1;

	(void)state;
	b.rows = calloc(nrows, sizeof(*b.rows));
	b.rows_cpu = calloc(nrows * NCPUS, sizeof(*b.rows_cpu));
	b.hists = calloc(nrows, sizeof(*b.hists));
	b.stamps = calloc(nrows, sizeof(*b.stamps));
	b.order = calloc(nrows, sizeof(*b.order));
	assert_true(b.rows && b.rows_cpu && b.hists && b.stamps && b.order);
	b.caps.timing = true;
	b.window = &window;
	assert_int_equal(xl_rows_setup(&b), 0);
	assert_int_equal(chunks_made(&b.seen) + chunks_made(&b.hseen) + chunks_made(&b.cpu_seen), 0);
	/* rows 0 and far, far's read faults timed in block blk */
	b.rows[0].key = key(1, 10);
	b.rows[far].key = key(1, 11);
	b.rows[0].live = b.rows[far].live = 1;
	b.order[0] = 0;
	b.order[1] = far;
	b.norder = 2;
	b.rows_cpu[0].count[XIP_PTE_READ] = 3;
	b.rows_cpu[far * NCPUS + 1].count[XIP_PTE_READ] = 4;
	b.rows[far].hist[XIP_PTE_READ] = blk + 1;
	b.hists[blk].slot[9] = 4;
	b.hists[blk].sum_ns = 4 * 512;
	assert_int_equal(xl_rows_changes(&b, &d, 1.0), 0);
	assert_int_equal(d.nfiles, 2);
	assert_int_equal(d.nhists, 1);
	assert_int_equal(chunks_made(&b.seen), 2);	/* rows 0 and far's chunks */
	assert_int_equal(chunks_made(&b.hseen), 1);	/* blk's */
	assert_int_equal(chunks_made(&b.cpu_seen), 2);	/* faults by node, of both rows */
	assert_int_equal(chunks_made(&b.rseen), 0);	/* no rare member moved: none remembered */
	assert_null(xl_chunked_peek(&b.seen, XL_CHUNK));
	/* a row made since, live but never read: as read, it has counted nothing yet */
	b.rows[XL_CHUNK].key = key(1, 12);
	b.rows[XL_CHUNK].live = 1;
	b.rows_cpu[XL_CHUNK * NCPUS].count[XIP_PTE_READ] = 9;
	b.order[2] = XL_CHUNK;
	b.norder = 3;
	assert_int_equal(xl_rows_as_read(&b, &all), 0);
	assert_int_equal(all.nfiles, 3);
	assert_int_equal(all.files[2].row, XL_CHUNK);
	assert_int_equal(xl_total_faults(&all.files[2].st), 0);
	assert_int_equal(all.files[1].st.count[XIP_PTE_READ], 4);
	assert_int_equal(all.nhists, 1);
	assert_int_equal(all.hists[0].h.slot[9], 4);
	assert_int_equal(chunks_made(&b.seen), 2);	/* reading as read makes no chunk */
	/* far given back: what was seen of it and of its block is zero again */
	xl_rows_forget(&b, far);
	seen = xl_chunked_peek(&b.seen, far);
	assert_non_null(seen);
	assert_int_equal(seen->cpu[XIP_PTE_READ], 0);
	assert_int_equal(((struct xl_block_seen *)xl_chunked_peek(&b.hseen, blk))->count, 0);
	xl_rows_forget(&b, XL_CHUNK);	/* never read: nothing to zero, nothing made */
	assert_int_equal(chunks_made(&b.seen), 2);
	/* row 0 zeroes: its rare members are remembered from then on, in a chunk of their own */
	window++;
	b.rows[0].zero_count = 7;
	b.rows[0].rare_window = window;
	b.stamps[0] = window;
	xl_snapshot_clear(&d);
	assert_int_equal(xl_rows_changes(&b, &d, 2.0), 0);
	assert_non_null(file_of(&d, 10, 0));
	assert_int_equal(file_of(&d, 10, 0)->st.zero_count, 7);
	assert_int_equal(chunks_made(&b.rseen), 1);
	xl_snapshot_clear(&all);
	assert_int_equal(xl_rows_as_read(&b, &all), 0);
	assert_int_equal(file_of(&all, 10, 0)->st.zero_count, 7);
	assert_int_equal(file_of(&all, 10, 0)->st.count[XIP_PTE_READ], 3);
	/* far: nothing rare, nothing remembered */
	assert_int_equal(file_of(&all, 11, 0)->st.zero_count, 0);
	xl_rows_forget(&b, 0);
	rare = xl_chunked_peek(&b.rseen, 0);
	assert_non_null(rare);
	assert_int_equal(rare[offsetof(struct xip_file_stats, zero_count) / sizeof(__u64) - XL_CPU_STATS], 0);
	xl_snapshot_free(&d);
	xl_snapshot_free(&all);
	xl_rows_teardown(&b);
	free(b.rows);
	free(b.rows_cpu);
	free(b.hists);
	free(b.stamps);
	free(b.order);
}

int rowread_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_every_member_and_wrap),
		cmocka_unit_test(test_reused_row),
		cmocka_unit_test(test_fault_time_read_by_read),
		cmocka_unit_test(test_margin),
		cmocka_unit_test(test_new_class),
		cmocka_unit_test(test_devnodes),
		cmocka_unit_test(test_time_before_count),
		cmocka_unit_test(test_as_read_gone),
		cmocka_unit_test(test_inode_kept),
		cmocka_unit_test(test_as_read_leaving),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_memory_follows_rows),
	};

	return cmocka_run_group_tests_name("rowread_tests", tests, NULL, NULL);
}
