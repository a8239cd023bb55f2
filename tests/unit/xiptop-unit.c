// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of xiptop's pure logic: histograms and percentiles, snapshot
 * deltas, sorting, totals, the command line, paths and the name cache.
 *
 *   xiptop-unit              run the tests (cmocka)
 *   xiptop-unit --emit DIR   write DIR/view.{json,csv,prom,top,hist} from a
 *                            known view, for tests/unit/xiptop-outputs to
 *                            parse back with independent parsers
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "cli.h"
#include "model.h"
#include "names.h"
#include "output.h"

static struct xip_file_key key(unsigned int dev, unsigned long long ino)
{
	return (struct xip_file_key){ .dev = dev, .ino = ino };
}

/* ---- histograms ---- */

static void test_slot_bounds(void **state)
{
	(void)state;
	assert_int_equal(xt_slot_low(0), 0);
	assert_int_equal(xt_slot_high(0), 1);
	assert_int_equal(xt_slot_low(1), 2);
	assert_int_equal(xt_slot_high(1), 3);
	assert_int_equal(xt_slot_low(12), 4096);
	assert_int_equal(xt_slot_high(12), 8191);
	assert_true(xt_slot_high(31) == 0xffffffffULL);
}

static void test_percentile_empty(void **state)
{
	struct xt_hist h = { 0 };

	(void)state;
	assert_int_equal(xt_hist_percentile(&h, 0.5), 0);
	assert_int_equal(xt_hist_percentile(&h, 0.99), 0);
}

static void test_percentile_one_slot(void **state)
{
	struct xt_hist h = { 0 };

	(void)state;
	/* 100 samples in [4096, 8192): interpolated across the slot */
	h.slot[12] = 100;
	h.count = 100;
	assert_int_equal(xt_hist_percentile(&h, 0.5), 4096 + 2048);
	assert_int_equal(xt_hist_percentile(&h, 1.0), 8192);
	assert_int_equal(xt_hist_percentile(&h, 0.0), 4096 + 40);	/* rank 1 of 100 */
	assert_true(xt_hist_percentile(&h, 0.99) >= 8110 && xt_hist_percentile(&h, 0.99) <= 8152);
}

static void test_percentile_two_slots(void **state)
{
	struct xt_hist h = { 0 };
	uint64_t p50, p99;

	(void)state;
	/* 90 fast (1-2 us), 10 slow (1-2 ms) */
	h.slot[10] = 90;
	h.slot[20] = 10;
	h.count = 100;
	p50 = xt_hist_percentile(&h, 0.5);
	p99 = xt_hist_percentile(&h, 0.99);
	assert_true(p50 >= 1024 && p50 < 2048);
	assert_true(p99 >= (1 << 20) && p99 < (2 << 20));
	/* monotonic in q */
	for (double q = 0; q < 1; q += 0.01)
		assert_true(xt_hist_percentile(&h, q) <= xt_hist_percentile(&h, q + 0.01));
}

static void test_hist_from_bpf(void **state)
{
	struct xip_hist b = { .sum_ns = 1000 };
	struct xt_hist h = { 0 };

	(void)state;
	b.slot[3] = 2;
	b.slot[31] = 1;
	xt_hist_from_bpf(&h, &b);
	xt_hist_from_bpf(&h, &b);	/* a second CPU */
	assert_int_equal(h.count, 6);
	assert_int_equal(h.sum_ns, 2000);
	assert_int_equal(h.slot[3], 4);
	assert_int_equal(h.slot[31], 2);
}

/* ---- snapshots and deltas ---- */

static void add_file(struct xt_snapshot *s, unsigned int dev, unsigned long long ino,
		     unsigned int kind, uint64_t n)
{
	struct xip_file_key k = key(dev, ino);
	struct xip_file_stats st = { 0 };

	st.count[kind] = n;
	assert_int_equal(xt_snapshot_add_file(s, &k, &st), 0);
}

static void add_hist(struct xt_snapshot *s, unsigned int dev, unsigned long long ino,
		     unsigned int lat, unsigned int slot, uint64_t n)
{
	struct xip_hist_key hk = { .file = key(dev, ino), .lat = lat };
	struct xt_hist h = { .count = n, .sum_ns = n * xt_slot_low(slot) };

	h.slot[slot] = n;
	assert_int_equal(xt_snapshot_add_hist(s, &hk, &h), 0);
}

static void test_delta(void **state)
{
	struct xt_snapshot old = { 0 }, cur = { 0 }, d = { 0 };
	struct xip_file_key k;
	const struct xt_file *f;

	(void)state;
	add_file(&old, 1, 10, XIP_PTE_READ, 5);		/* unchanged: not in the delta */
	add_file(&old, 1, 11, XIP_PTE_WRITE, 7);
	add_hist(&old, 1, 11, XIP_PTE_WRITE, 12, 7);
	old.counters[XIP_CTR_UNPAIRED] = 2;
	add_file(&cur, 1, 11, XIP_PTE_WRITE, 10);	/* 3 more */
	add_file(&cur, 1, 10, XIP_PTE_READ, 5);
	add_file(&cur, 2, 10, XIP_COW, 4);		/* new */
	add_hist(&cur, 1, 11, XIP_PTE_WRITE, 12, 10);
	add_hist(&cur, 2, 10, XIP_COW, 13, 4);
	/* counted last interval, timed only in this one: in the delta, 0 faults */
	add_file(&old, 3, 10, XIP_PMD_READ, 2);
	add_hist(&old, 3, 10, XIP_PMD_READ, 20, 1);
	add_file(&cur, 3, 10, XIP_PMD_READ, 2);
	add_hist(&cur, 3, 10, XIP_PMD_READ, 20, 2);
	cur.counters[XIP_CTR_UNPAIRED] = 5;
	cur.time = 3.5;
	xt_snapshot_sort(&old);
	xt_snapshot_sort(&cur);
	assert_int_equal(xt_snapshot_delta(&cur, &old, &d), 0);
	assert_int_equal(d.nfiles, 3);
	assert_true(d.time == 3.5);
	assert_int_equal(d.counters[XIP_CTR_UNPAIRED], 3);
	k = key(1, 11);
	f = xt_find_file(&d, &k);
	assert_non_null(f);
	assert_int_equal(f->st.count[XIP_PTE_WRITE], 3);
	k = key(2, 10);
	f = xt_find_file(&d, &k);
	assert_non_null(f);
	assert_int_equal(f->st.count[XIP_COW], 4);
	k = key(1, 10);
	assert_null(xt_find_file(&d, &k));
	k = key(1, 11);
	assert_int_equal(xt_find_hist(&d, &k, XIP_PTE_WRITE)->count, 3);
	assert_int_equal(xt_find_hist(&d, &k, XIP_PTE_WRITE)->slot[12], 3);
	assert_null(xt_find_hist(&d, &k, XIP_PTE_READ));
	k = key(3, 10);
	f = xt_find_file(&d, &k);
	assert_non_null(f);
	assert_int_equal(f->st.count[XIP_PMD_READ], 0);
	assert_int_equal(xt_find_hist(&d, &k, XIP_PMD_READ)->count, 1);
	xt_snapshot_free(&old);
	xt_snapshot_free(&cur);
	xt_snapshot_free(&d);
}

static void test_per_process_keys_differ(void **state)
{
	struct xt_snapshot s = { 0 };
	struct xip_file_key a = { .dev = 1, .ino = 5, .tgid = 100 }, b = { .dev = 1, .ino = 5, .tgid = 200 };
	struct xip_file_stats st = { 0 };

	(void)state;
	st.count[XIP_PTE_READ] = 1;
	xt_snapshot_add_file(&s, &b, &st);
	st.count[XIP_PTE_READ] = 2;
	xt_snapshot_add_file(&s, &a, &st);
	xt_snapshot_sort(&s);
	assert_int_equal(xt_find_file(&s, &a)->st.count[XIP_PTE_READ], 2);
	assert_int_equal(xt_find_file(&s, &b)->st.count[XIP_PTE_READ], 1);
	xt_snapshot_free(&s);
}

/* ---- rows ---- */

static void test_rows_sort(void **state)
{
	struct xt_snapshot s = { 0 };
	struct xt_row rows[3];

	(void)state;
	add_file(&s, 1, 1, XIP_PTE_READ, 5);
	add_file(&s, 1, 2, XIP_PTE_WRITE, 50);
	add_file(&s, 1, 3, XIP_COW, 5);
	add_hist(&s, 1, 1, XIP_PTE_READ, 20, 5);	/* slow */
	add_hist(&s, 1, 2, XIP_PTE_WRITE, 10, 50);
	xt_snapshot_sort(&s);
	xt_rows_build(&s, rows);
	rows[0].path = "/b";
	rows[1].path = "/c";
	rows[2].path = "/a";
	xt_rows_sort(rows, 3, XT_SORT_FAULTS);
	assert_int_equal(rows[0].f->key.ino, 2);
	assert_int_equal(rows[1].f->key.ino, 1);	/* tie with ino 3: key order */
	assert_int_equal(rows[2].f->key.ino, 3);
	xt_rows_sort(rows, 3, XT_SORT_P99);
	assert_int_equal(rows[0].f->key.ino, 1);
	xt_rows_sort(rows, 3, XT_SORT_COW);
	assert_int_equal(rows[0].f->key.ino, 3);
	xt_rows_sort(rows, 3, XT_SORT_PATH);
	assert_string_equal(rows[0].path, "/a");
	assert_string_equal(rows[2].path, "/c");
	xt_snapshot_free(&s);
}

static void test_totals_and_ratio(void **state)
{
	struct xt_snapshot s = { 0 };
	struct xt_totals t;

	(void)state;
	add_file(&s, 1, 1, XIP_PMD_READ, 3);
	add_file(&s, 1, 2, XIP_PMD_FALLBACK, 1);
	add_file(&s, 1, 3, XIP_MAJOR, 9);	/* not a fault kind of its own */
	add_hist(&s, 1, 1, XIP_PMD_READ, 14, 3);
	add_hist(&s, 1, 2, XIP_PMD_READ, 14, 2);
	xt_snapshot_sort(&s);
	xt_totals(&s, &t);
	assert_int_equal(t.faults, 4);
	assert_int_equal(t.st.count[XIP_MAJOR], 9);
	assert_int_equal(t.lat[XIP_PMD_READ].count, 5);
	assert_true(xt_fallback_ratio(&t.st) == 0.25);
	memset(&t, 0, sizeof(t));
	assert_true(xt_fallback_ratio(&t.st) < 0);
	xt_snapshot_free(&s);
}

/* ---- command line ---- */

static int parse(struct xt_env *env, char *err, ...)
{
	char *argv[16] = { "xiptop" };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, err);
	while ((a = va_arg(ap, char *)) && argc < 15)
		argv[argc++] = a;
	va_end(ap);
	return xt_parse_args(argc, argv, env, err, 256);
}

static void test_cli_defaults(void **state)
{
	struct xt_env env;
	char err[256];

	(void)state;
	assert_int_equal(parse(&env, err, NULL), 0);
	assert_true(env.interval == 1);
	assert_int_equal(env.count, -1);
	assert_int_equal(env.output, XT_OUT_TOP);
	assert_int_equal(env.timing, 1);
	assert_int_equal(env.max_files, 0);	/* chosen by CPU count */
	assert_int_equal(xt_default_max_files(2), 10240);
	assert_int_equal(xt_default_max_files(64), (128 << 20) / (64 * (sizeof(struct xip_file_stats) +
							       4 * sizeof(struct xip_hist))));
	assert_int_equal(xt_default_max_files(100000), 64);
	assert_int_equal(env.hook, XT_HOOK_AUTO);
	assert_int_equal(env.hist, 0);
}

static void test_cli_options(void **state)
{
	struct xt_env env;
	char err[256];

	(void)state;
	assert_int_equal(parse(&env, err, "--json", "-s", "p99", "-r", "5", "-p", "42", "-P",
			       "--hook", "raw_tp", "--max-files", "100", "0.5", "3", NULL), 0);
	assert_int_equal(env.output, XT_OUT_JSON);
	assert_int_equal(env.sort, XT_SORT_P99);
	assert_int_equal(env.rows, 5);
	assert_int_equal(env.tgid, 42);
	assert_int_equal(env.per_process, 1);
	assert_int_equal(env.hook, XT_HOOK_RAW_TP);
	assert_int_equal(env.max_files, 100);
	assert_true(env.interval == 0.5);
	assert_int_equal(env.count, 3);
	assert_int_equal(parse(&env, err, "hist", "-F", "2", NULL), 0);
	assert_int_equal(env.hist, 1);
	assert_int_equal(env.per_file, 1);
	assert_true(env.interval == 2);
	assert_int_equal(parse(&env, err, "--csv", "--no-latency", "--page-cache", "-G", NULL), 0);
	assert_int_equal(env.output, XT_OUT_CSV);
	assert_int_equal(env.timing, 0);
	assert_int_equal(env.page_cache, 1);
	assert_int_equal(env.per_cgroup, 1);
}

static void test_cli_errors(void **state)
{
	struct xt_env env;
	char err[256];

	(void)state;
	assert_int_equal(parse(&env, err, "0", NULL), 2);
	assert_non_null(strstr(err, "INTERVAL"));
	assert_int_equal(parse(&env, err, "1", "0", NULL), 2);
	assert_non_null(strstr(err, "COUNT"));
	assert_int_equal(parse(&env, err, "1", "2", "3", NULL), 2);
	assert_non_null(strstr(err, "too many"));
	assert_int_equal(parse(&env, err, "-s", "size", NULL), 2);
	assert_non_null(strstr(err, "--sort"));
	assert_int_equal(parse(&env, err, "-P", "-G", NULL), 2);
	assert_int_equal(parse(&env, err, "-F", NULL), 2);
	assert_int_equal(parse(&env, err, "hist", "--no-latency", NULL), 2);
	assert_int_equal(parse(&env, err, "--hook", "kprobe", NULL), 2);
	assert_int_equal(parse(&env, err, "-p", "x", NULL), 2);
	assert_int_equal(parse(&env, err, "-r", "0", NULL), 2);
	assert_int_equal(parse(&env, err, "--prometheus", "9435", NULL), 2);
	assert_int_equal(parse(&env, err, "-d", "1:2", "-m", "/", NULL), 2);
	/* each message is one line */
	assert_null(strchr(err, '\n'));
}

static void test_parse_dev(void **state)
{
	unsigned int d;
	char err[256];

	(void)state;
	assert_int_equal(xt_parse_dev("259:3", 0, &d, err, sizeof(err)), 0);
	assert_int_equal(d, 259u << 20 | 3);
	assert_int_equal(xt_parse_dev("/nonexistent", 0, &d, err, sizeof(err)), -1);
	assert_int_equal(xt_parse_dev("/", 0, &d, err, sizeof(err)), -1);	/* not a block device */
	assert_non_null(strstr(err, "not a block device"));
	assert_int_equal(xt_parse_dev("/", 1, &d, err, sizeof(err)), 0);
}

/* ---- paths and names ---- */

static void set_path(struct xip_path *p, int complete, ...)
{
	va_list ap;
	const char *n;

	memset(p, 0, sizeof(*p));
	p->complete = complete;
	va_start(ap, complete);
	while ((n = va_arg(ap, const char *))) {	/* leaf first */
		strcpy(p->buf + p->len, n);
		p->len += strlen(n) + 1;
		p->depth++;
	}
	va_end(ap);
}

static void test_paths(void **state)
{
	char tmp[] = "/tmp/xiptop-unit-XXXXXX";
	struct xt_mounts mt;
	struct xip_path p;
	int fd = mkstemp(tmp);
	char *s;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("22 1 259:0 / /mnt/dax rw,relatime shared:1 - ext4 /dev/pmem0 rw,dax=always\n"
	      "23 1 259:0 /sub /srv/bind\\040here rw - ext4 /dev/pmem0 rw\n"
	      "24 1 0:22 / / rw - 9p hostroot rw\n", f);
	fclose(f);
	assert_int_equal(xt_mounts_load(&mt, tmp), 0);
	unlink(tmp);
	assert_int_equal(mt.n, 3);
	assert_string_equal(mt.m[1].point, "/srv/bind here");

	set_path(&p, 1, "f", "dir", NULL);
	s = xt_path_join(&mt, 259 << 20, 12, &p);
	assert_string_equal(s, "/mnt/dax/dir/f");
	free(s);
	set_path(&p, 1, "g", "sub", NULL);	/* under the bind mount's root: the deeper mount */
	s = xt_path_join(&mt, 259 << 20, 13, &p);
	assert_string_equal(s, "/srv/bind here/g");
	free(s);
	set_path(&p, 1, "h", "usr", NULL);
	s = xt_path_join(&mt, 22, 14, &p);	/* 0:22 mounted at / */
	assert_string_equal(s, "/usr/h");
	free(s);
	set_path(&p, 0, "x", "deep", NULL);
	s = xt_path_join(&mt, 259 << 20, 15, &p);
	assert_string_equal(s, ".../deep/x");
	free(s);
	set_path(&p, 1, "y", NULL);
	s = xt_path_join(&mt, 8 << 20 | 1, 16, &p);	/* no mount of 8:1 */
	assert_string_equal(s, "[8:1]/y");
	free(s);
	set_path(&p, 1, NULL);
	s = xt_path_join(&mt, 259 << 20, 17, &p);	/* unlinked */
	assert_string_equal(s, "[259:0 ino 17]");
	free(s);
	xt_mounts_free(&mt);
}

static void test_names_table(void **state)
{
	struct xt_names t = { 0 };
	char buf[32];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "n%d", i);
		assert_non_null(xt_names_put(&t, i % 7, i, strdup(buf)));
	}
	assert_int_equal(t.n, 5000);
	for (int i = 0; i < 5000; i += 97) {
		snprintf(buf, sizeof(buf), "n%d", i);
		assert_string_equal(xt_names_get(&t, i % 7, i), buf);
	}
	assert_null(xt_names_get(&t, 99, 99));
	xt_names_put(&t, 1, 1, strdup("replaced"));
	assert_string_equal(xt_names_get(&t, 1, 1), "replaced");
	assert_int_equal(t.n, 5000);
	xt_names_free(&t);
}

static void test_human(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(xt_human(b, 0), "0");
	assert_string_equal(xt_human(b, 999), "999");
	assert_string_equal(xt_human(b, 1000), "1.0k");
	assert_string_equal(xt_human(b, 13800), "13.8k");
	assert_string_equal(xt_human(b, 2.5e9), "2.5G");
	assert_string_equal(xt_human_ns(b, 850), "850ns");
	assert_string_equal(xt_human_ns(b, 12300), "12.3us");
	assert_string_equal(xt_human_ns(b, 4500000), "4.5ms");
	assert_string_equal(xt_human_ns(b, 7200000000ULL), "7.2s");
}

/* ---- a known view, for the output tests ---- */

static struct xt_snapshot emit_snap;
static struct xt_row emit_rows[3];

static void make_view(struct xt_view *v)
{
	struct xip_file_key k1 = { .dev = 259u << 20, .ino = 12, .tgid = 77 };
	struct xip_file_key k2 = { .dev = 259u << 20, .ino = 13, .tgid = 78 };
	struct xip_file_stats a = { 0 }, b = { 0 };
	struct xip_hist_key hk = { .file = k1, .lat = XIP_PTE_WRITE };
	struct xt_hist h = { 0 };

	a.count[XIP_PTE_WRITE] = 64;
	a.count[XIP_MAJOR] = 64;
	a.count[XIP_PMD_FALLBACK] = 2;
	a.fallback[1] = 2;		/* misaligned */
	a.zero_count = 64;
	a.zero_bytes = 262144;
	b.count[XIP_COW] = 32;
	b.cow_source[2] = 32;		/* mapped */
	b.io_count[XIP_READ] = 1;
	b.io_bytes[XIP_READ] = 8192;
	xt_snapshot_add_file(&emit_snap, &k1, &a);
	xt_snapshot_add_file(&emit_snap, &k2, &b);
	h.slot[12] = 60;
	h.slot[15] = 4;
	h.count = 64;
	h.sum_ns = 60 * 5000 + 4 * 40000;
	xt_snapshot_add_hist(&emit_snap, &hk, &h);
	hk.lat = XIP_MAJOR;
	xt_snapshot_add_hist(&emit_snap, &hk, &h);
	emit_snap.time = 2.5;
	xt_snapshot_sort(&emit_snap);
	xt_rows_build(&emit_snap, emit_rows);
	emit_rows[0].path = "/mnt/dax/a \"quoted\", file";
	emit_rows[0].comm = "writer";
	emit_rows[1].path = "/mnt/dax/b";
	emit_rows[1].comm = "cow";
	xt_rows_sort(emit_rows, 2, XT_SORT_FAULTS);
	memset(v, 0, sizeof(*v));
	v->snap = &emit_snap;
	v->rows = emit_rows;
	v->nrows = 2;
	xt_totals(&emit_snap, &v->totals);
	v->interval = 0.5;
	v->hook = "raw_tp";
	v->have = (struct xt_have){ .fallback = 1, .cow_source = 1, .zero = 1, .io = 1,
				    .major_pmd = 1, .timing = 1, .per_process = 1 };
	v->counters[XIP_CTR_UNPAIRED] = 3;
	v->tracked = 2;
	v->max_files = 10240;
}

static int emit(const char *dir)
{
	static const char *const ext[] = { "json", "csv", "prom", "top", "hist", "stock.json", "top80" };
	struct xt_view v;
	char path[4096];

	make_view(&v);
	for (int i = 0; i < 7; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/view.%s", dir, ext[i]);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		switch (i) {
		case 0: xt_print_json(f, &v); break;
		case 1: xt_print_csv_header(f, &v); xt_print_csv(f, &v); break;
		case 2: xt_print_prometheus(f, &v); break;
		case 3: xt_print_top(f, &v, 10, 200, -1, XT_SORT_FAULTS, "12:00:00"); break;
		case 4: xt_print_hists(f, &v, &v.rows[0]); break;
		case 5:
			/* a stock kernel: what the series tells is unavailable */
			v.have = (struct xt_have){ .timing = 1 };
			xt_print_json(f, &v);
			break;
		case 6:
			/* an 80-column terminal, per process: fewer columns, the path kept */
			v.have.per_process = 1;
			xt_print_top(f, &v, 10, 80, -1, XT_SORT_FAULTS, "12:00:00");
			/* and with --page-cache, its column */
			v.have.pagecache = 1;
			emit_snap.files[0].st.count[XIP_PAGECACHE] = 7;
			xt_print_top(f, &v, 10, 80, -1, XT_SORT_FAULTS, "12:00:00");
			emit_snap.files[0].st.count[XIP_PAGECACHE] = 0;
			break;
		}
		fclose(f);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slot_bounds),
		cmocka_unit_test(test_percentile_empty),
		cmocka_unit_test(test_percentile_one_slot),
		cmocka_unit_test(test_percentile_two_slots),
		cmocka_unit_test(test_hist_from_bpf),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_per_process_keys_differ),
		cmocka_unit_test(test_rows_sort),
		cmocka_unit_test(test_totals_and_ratio),
		cmocka_unit_test(test_cli_defaults),
		cmocka_unit_test(test_cli_options),
		cmocka_unit_test(test_cli_errors),
		cmocka_unit_test(test_parse_dev),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_names_table),
		cmocka_unit_test(test_human),
	};

	if (argc == 3 && !strcmp(argv[1], "--emit"))
		return emit(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
