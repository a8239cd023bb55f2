// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of xipbench's pure logic: statistics, the command line, the
 * fault summary, the table and JSON of a known report.
 *   xipbench-unit              run the tests
 *   xipbench-unit --emit DIR   write the known report's table and JSON to
 *                              DIR (tests/unit/xipbench-outputs parses them)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "args.h"
#include "checks.h"
#include <math.h>
#include "report.h"
#include "stats.h"
#include "parse.h"

static void test_range(void **state)
{
	double odd[] = { 30, 10, 20 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };
	struct xb_range r;

	(void)state;
	xb_range_of(odd, 3, &r);
	assert_true(r.median == 20 && r.min == 10 && r.max == 30);
	assert_true(odd[0] == 30);		/* input untouched */
	assert_true(xb_spread(&r) == 1.0);
	xb_range_of(even, 4, &r);
	assert_true(r.median == 2.5 && r.min == 1 && r.max == 4);
	xb_range_of(one, 1, &r);
	assert_true(r.median == 7 && xb_spread(&r) == 0);
	assert_true(r.lo == 7 && r.hi == 7 && r.conf == 0 && xb_ci_width(&r) == 0);
}

/*
 * The median's interval by order statistics: k-th smallest to k-th
 * largest, k the largest with a confidence of 95% at least, else 1.
 * Worked by hand from the binomial (n, 1/2): 5 repeats, k 1, 1 - 2/32;
 * 6, k 1, 1 - 2/64; 10, k 2, 1 - 2 * 11/1024 (k 3 would be 1 - 2 *
 * 56/1024, under 95%); 30, k 10, 1 - 2 * P(B <= 9) = 0.9572.
 */
static void test_median_ci(void **state)
{
	double ten[] = { 10, 1, 9, 2, 8, 3, 7, 4, 6, 5 }, v[30], conf;
	struct xb_range r;

	(void)state;
	assert_int_equal(xb_median_ci_rank(5, &conf), 1);
	assert_true(conf == 1 - 2.0 / 32);
	assert_int_equal(xb_median_ci_rank(6, &conf), 1);
	assert_true(conf == 1 - 2.0 / 64);
	assert_int_equal(xb_median_ci_rank(10, &conf), 2);
	assert_true(conf == 1 - 22.0 / 1024);
	assert_int_equal(xb_median_ci_rank(30, &conf), 10);
	assert_true(fabs(conf - 0.957226) < 1e-6);
	assert_int_equal(xb_median_ci_rank(2, &conf), 1);
	assert_true(conf == 0.5);
	assert_int_equal(xb_median_ci_rank(1000, &conf) > 400, 1);	/* no underflow */
	assert_true(conf >= 0.95 && conf < 1);
	xb_range_of(ten, 10, &r);
	assert_true(r.lo == 2 && r.hi == 9 && r.min == 1 && r.max == 10);
	/* more repeats of one spread: the range stays, the interval narrows */
	for (int i = 0; i < 30; i++)
		v[i] = 100 + (i % 10) * 10;	/* 100..190, three times */
	xb_range_of(v, 30, &r);
	assert_true(r.max - r.min == 90 && r.hi - r.lo < 90 / 2.0);
}

static void test_percentile(void **state)
{
	uint64_t v[1000];
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		v[i] = 1000 - i;		/* 1000..1 */
	xb_sort_u64(v, 1000);
	assert_int_equal(v[0], 1);
	assert_int_equal(xb_percentile(v, 1000, 0.5), 500);
	assert_int_equal(xb_percentile(v, 1000, 0.99), 990);
	assert_int_equal(xb_percentile(v, 1000, 0.999), 999);
	assert_int_equal(xb_percentile(v, 1000, 1.0), 1000);
	assert_int_equal(xb_percentile(v, 100, 0.99), 99);	/* 0.99 * 100 is 99 */
	assert_int_equal(xb_percentile(v, 1, 0.5), 1);
	assert_int_equal(xb_percentile(v, 0, 0.5), 0);
}

static int parse(struct xb_env *env, char *err, ...)
{
	char *argv[24] = { "xipbench" };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, err);
	while ((a = va_arg(ap, char *)) && argc < 23)
		argv[argc++] = a;
	va_end(ap);
	argc = xb_parse_args(argc, argv, env, err, 256);
	if (argc)
		print_message("parse: %s\n", err);
	return argc;
}

static void test_cli(void **state)
{
	char err[256], list[] = "read-4k,mmap-cow";
	struct xb_env env;

	(void)state;
	assert_int_equal(parse(&env, err, "/d", "/p", NULL), 0);
	assert_string_equal(env.dax_dir, "/d");
	assert_string_equal(env.pc_dir, "/p");
	assert_int_equal(env.repeats, 5);
	assert_int_equal(env.size, 64UL << 20);
	assert_int_equal(env.nwork, xb_nr_workloads);
	assert_true(env.faults && env.noise == 0.20);

	assert_int_equal(parse(&env, err, "-w", list, "--repeats", "3", "--size", "4m", "-n", "10",
			       "--no-faults", "--json", "-", "--plot", "x.svg", "/d", "/p", NULL), 0);
	assert_false(env.verbose);
	assert_int_equal(env.nwork, 2);
	assert_string_equal(env.work[0]->name, "read-4k");
	assert_string_equal(env.work[1]->name, "mmap-cow");
	assert_true(env.repeats == 3 && env.size == 4UL << 20 && env.noise == 0.10);
	assert_true(!env.faults && !strcmp(env.json, "-") && !strcmp(env.plot, "x.svg"));

	assert_int_equal(parse(&env, err, "/d", NULL), 2);
	assert_non_null(strstr(err, "two directories"));
	assert_int_equal(parse(&env, err, "--size", "3m", "/d", "/p", NULL), 2);
	assert_non_null(strstr(err, "multiple of 2m"));
	assert_int_equal(parse(&env, err, "--size", "-2m", "/d", "/p", NULL), 2);
	assert_int_equal(parse(&env, err, "--repeats", "0", "/d", "/p", NULL), 2);
	assert_non_null(strstr(err, "--repeats"));
	/* xiptop's short options mean nothing else here */
	assert_int_equal(parse(&env, err, "-r", "3", "/d", "/p", NULL), 2);
	assert_int_equal(parse(&env, err, "-s", "4m", "/d", "/p", NULL), 2);
	assert_int_equal(parse(&env, err, "-j", "x", "/d", "/p", NULL), 2);
	assert_int_equal(parse(&env, err, "-p", "x.svg", "/d", "/p", NULL), 2);
	assert_non_null(strstr(err, "-p"));
	assert_null(strchr(err, '\n'));
	/* every combination works or is refused */
	assert_int_equal(parse(&env, err, "--list", "/d", NULL), 2);
	assert_int_equal(parse(&env, err, "--list", "--size", "4m", NULL), 2);
	assert_int_equal(parse(&env, err, "--list", "-q", NULL), 0);
	assert_int_equal(parse(&env, err, "-w", "read-4k", "-t", "2", "/d", "/p", NULL), 2);
	assert_non_null(strstr(err, "mt-overwrite"));
	assert_int_equal(parse(&env, err, "-w", "mt-overwrite", "-t", "2", "-v", "/d", "/p", NULL), 0);
	assert_true(env.verbose);
	assert_int_equal(parse(&env, err, "--no-faults", "-v", "/d", "/p", NULL), 2);
	/* help and the version: done, though the directories are missing */
	assert_int_equal(parse(&env, err, "--version", NULL), 1);
	assert_int_equal(parse(&env, err, "-h", NULL), 1);
	assert_int_equal(parse(&env, err, "-w", "nope", "/d", "/p", NULL), 2);
	assert_non_null(strstr(err, "no workload 'nope'"));
	assert_int_equal(parse(&env, err, "--plot", "x.pdf", "/d", "/p", NULL), 2);
	assert_int_equal(parse(&env, err, "-n", "0", "/d", "/p", NULL), 2);
	assert_int_equal(parse(&env, err, "/d", "/p", "/q", NULL), 2);
	assert_int_equal(parse(&env, err, "--list", NULL), 0);
	assert_true(env.list);
}

static void test_size(void **state)
{
	unsigned long v;

	(void)state;
	assert_int_equal(xl_parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(xl_parse_size("64m", &v), 0);
	assert_int_equal(v, 64UL << 20);
	assert_int_equal(xl_parse_size("1G", &v), 0);
	assert_int_equal(v, 1UL << 30);
	assert_int_equal(xl_parse_size("1x", &v), -1);
	assert_int_equal(xl_parse_size("", &v), -1);
	assert_int_equal(xl_parse_size("99999999999999999999g", &v), -1);
	assert_int_equal(xl_parse_size("99999999999g", &v), -1);	/* overflows when scaled */
	assert_int_equal(xl_parse_size("-2m", &v), -1);
	assert_int_equal(xl_parse_size("0x1000", &v), 0);
	assert_int_equal(v, 4096);
	/*
	 * Regression: strtoul() skips blanks and takes a sign, so " -1" once
	 * came back as ULONG_MAX. A size starts with a digit.
	 */
	v = 7;
	assert_int_equal(xl_parse_size(" -1", &v), -1);
	assert_int_equal(xl_parse_size("\t-1m", &v), -1);
	assert_int_equal(xl_parse_size(" 4k", &v), -1);
	assert_int_equal(xl_parse_size("+4k", &v), -1);
	assert_int_equal(v, 7);		/* untouched on error */
}

static void test_workload_ops(void **state)
{
	(void)state;
	assert_int_equal(xb_workload_ops(xb_workload_find("read-4k"), 64UL << 20), 16384);
	assert_int_equal(xb_workload_ops(xb_workload_find("pmd-read"), 64UL << 20), 32);
	assert_int_equal(xb_workload_ops(xb_workload_find("fsync-4k"), 64UL << 20), 256);
	assert_null(xb_workload_find("read-1k"));
}

/* A known report: two workloads, one failed side, fault kinds on one. */
static uint64_t lat_a[100], lat_b[4] = { 40, 10, 30, 20 };

static void known_report(struct xb_report *r, struct xb_outcome *out)
{
	double ops_d[] = { 1000, 1100, 900 }, mib_d[] = { 3.9, 4.3, 3.5 };
	double ops_p[] = { 500, 500, 500 }, mib_p[] = { 1.95, 1.95, 1.95 };
	int i;

	memset(r, 0, sizeof(*r));
	memset(out, 0, 2 * sizeof(*out));
	snprintf(r->date, sizeof(r->date), "2026-11-25T10:00:00Z");
	snprintf(r->kernel, sizeof(r->kernel), "6.12.117");
	snprintf(r->cpu, sizeof(r->cpu), "a \"quoted\" CPU");
	r->cpus = 2;
	r->mem_bytes = 6ULL << 30;
	r->size = 8UL << 20;
	r->repeats = 3;
	r->threads = 2;
	r->noise = 0.2;
	r->fs[XB_DAX] = (struct xb_fs){ .dir = "/mnt/dax", .kdev = XIP_KDEV(259, 0), .devname = "pmem0",
					.kind = "nd_pmem", .dev_bytes = 1ULL << 30, .dax = 1 };
	r->fs[XB_PAGECACHE] = (struct xb_fs){ .dir = "/mnt/pagecache", .kdev = XIP_KDEV(259, 1),
					      .devname = "pmem1", .kind = "nd_pmem",
					      .dev_bytes = 1ULL << 30 };
	r->faults_hook = "tp_btf";
	r->have = (struct xl_caps){ .kinds = XL_KINDS_DAX, .fallback = 1, .cow_source = 1,
				    .zero = 1, .io = 1, .major_pmd = 1 };
	out[0].w = xb_workload_find("mmap-write-hole");
	for (i = 0; i < 100; i++)
		lat_a[i] = 100 - i;
	xb_side_set(&out[0].side[XB_DAX], ops_d, mib_d, 3, lat_a, 100, r->noise);
	out[0].side[XB_DAX].ops = 2048;
	out[0].side[XB_DAX].have_faults = 1;
	out[0].side[XB_DAX].faults.count[XIP_PTE_WRITE] = 2048;
	out[0].side[XB_DAX].faults.count[XIP_MAJOR] = 2048;
	out[0].side[XB_DAX].faults.count[XIP_PMD_FALLBACK] = 4;
	out[0].side[XB_DAX].faults.fallback[1] = 4;		/* misaligned */
	out[0].side[XB_DAX].faults.zero_count = 2048;
	out[0].side[XB_DAX].faults.zero_bytes = 8 << 20;
	/* perf's count: every allocating fault major (the series' 0001) */
	r->pagefaults = 1;
	out[0].side[XB_DAX].have_pagefaults = 1;
	out[0].side[XB_DAX].pf_major = 2048;
	xb_side_set(&out[0].side[XB_PAGECACHE], ops_p, mib_p, 3, lat_b, 4, r->noise);
	out[0].side[XB_PAGECACHE].ops = 2048;
	/* fault-around: 512 faults for 2048 pages, none a filemap_fault() call */
	out[0].side[XB_PAGECACHE].have_pagefaults = 1;
	out[0].side[XB_PAGECACHE].pf_minor = 512;
	out[1].w = xb_workload_find("fsync-4k");
	out[1].side[XB_DAX].error = -ENOSPC;
	out[1].side[XB_PAGECACHE].error = -EIO;
	r->out = out;
	r->nout = 2;
}

static void test_side(void **state)
{
	struct xb_outcome out[2];
	struct xb_report r;

	(void)state;
	known_report(&r, out);
	assert_true(out[0].side[XB_DAX].ops_s.median == 1000);
	assert_true(out[0].side[XB_DAX].spread == 0.2);	/* 200 / 1000: not above */
	assert_false(out[0].side[XB_DAX].noisy);
	assert_int_equal(out[0].side[XB_DAX].p50, 50);
	assert_int_equal(out[0].side[XB_DAX].p99, 99);
	assert_int_equal(out[0].side[XB_DAX].p999, 100);
	assert_int_equal(out[0].side[XB_PAGECACHE].p50, 20);
	assert_true(xb_speedup(&out[0]) == 2.0);
	assert_true(xb_speedup(&out[1]) == 0);
	{
		const struct xb_range *d = &out[0].side[XB_DAX].ops_s, *p = &out[0].side[XB_PAGECACHE].ops_s;
		double lo, hi;

		assert_true(xb_speedup_range(&out[0], &lo, &hi));
		assert_true(lo == d->lo / p->hi && hi == d->hi / p->lo && lo <= 2.0 && hi >= 2.0);
		assert_false(xb_speedup_range(&out[1], &lo, &hi));
	}
}

static void test_faults_line(void **state)
{
	struct xb_outcome out[2];
	struct xb_report r;
	char buf[256];

	(void)state;
	known_report(&r, out);
	xb_faults_line(buf, sizeof(buf), &out[0].side[XB_DAX].faults, &r.have, 0);
	assert_string_equal(buf, "2.0k pte-write, 4 pmd-fallback (misaligned), 2.0k major, "
			    "zeroed 8.0 MiB (2.0k calls)");
	xb_faults_line(buf, sizeof(buf), &out[0].side[XB_PAGECACHE].faults, &r.have, 0);
	assert_string_equal(buf, "no faults");
	/* events the maps had no room for: the counts are short, and it says so */
	xb_faults_line(buf, sizeof(buf), &out[0].side[XB_PAGECACHE].faults, &r.have, 1500);
	assert_string_equal(buf, "no faults; 1.5k events lost (map full)");
	xb_faults_line(buf, 20, &out[0].side[XB_DAX].faults, &r.have, 0);	/* cut, not overrun */
	assert_int_equal(strlen(buf), 19);
	assert_string_equal(xb_pagefaults_line(buf, sizeof(buf), 512, 0), "512 faults");
	assert_string_equal(xb_pagefaults_line(buf, sizeof(buf), 100, 2048), "2.1k faults (2.0k major)");
}

static void test_compare(void **state)
{
	struct xb_fs dax = { .dir = "/d", .kdev = 1, .devname = "pmem0", .kind = "nd_pmem",
			     .dev_bytes = 1ULL << 30, .free_bytes = 900ULL << 20, .dax = 1 };
	struct xb_fs pc = dax, sd = dax;
	char err[512];

	(void)state;
	pc.dir = "/p";
	pc.kdev = 2;
	pc.dax = 0;
	snprintf(pc.devname, sizeof(pc.devname), "pmem1");
	assert_int_equal(xb_fs_compare(&dax, &pc, 200ULL << 20, 0, err, sizeof(err)), 0);
	assert_int_equal(xb_fs_compare(&pc, &dax, 200ULL << 20, 0, err, sizeof(err)), -1);
	assert_string_equal(err, "/p is not on DAX: mount its file system with -o dax (on a pmem device)");
	assert_int_equal(xb_fs_compare(&dax, &dax, 200ULL << 20, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/d is on DAX"));
	sd = pc;
	sd.fstype = "xfs";
	dax.fstype = "ext4";
	assert_int_equal(xb_fs_compare(&dax, &sd, 200ULL << 20, 0, err, sizeof(err)), -1);
	assert_string_equal(err, "/d is on ext4 and /p on xfs: give two file systems of one type");
	dax.fstype = NULL;
	sd = pc;
	sd.kdev = 1;
	assert_int_equal(xb_fs_compare(&dax, &sd, 200ULL << 20, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "on one device"));
	sd = pc;
	snprintf(sd.kind, sizeof(sd.kind), "sd");
	assert_int_equal(xb_fs_compare(&dax, &sd, 200ULL << 20, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not the same kind of device"));
	assert_int_equal(xb_fs_compare(&dax, &sd, 200ULL << 20, 1, err, sizeof(err)), 0);
	sd = pc;
	sd.dev_bytes *= 2;
	assert_int_equal(xb_fs_compare(&dax, &sd, 200ULL << 20, 0, err, sizeof(err)), -1);
	assert_int_equal(xb_fs_compare(&dax, &pc, 1000ULL << 20, 0, err, sizeof(err)), -1);
	assert_string_equal(err, "not enough space in /d: 900 MiB free, 1000 MiB needed "
			    "(try a smaller --size)");
}

/* Writes one output of the known report to DIR/NAME; 0 or -1 with a message. */
static int emit_one(const char *dir, const char *name, const struct xb_report *r,
		    void (*print)(FILE *, const struct xb_report *))
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "xipbench-unit: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	print(f, r);
	return fclose(f) ? -1 : 0;
}

static int emit(const char *dir)
{
	struct xb_outcome out[2];
	struct xb_report r;

	known_report(&r, out);
	if (emit_one(dir, "report.json", &r, xb_print_json) ||
	    emit_one(dir, "report.txt", &r, xb_print_table))
		return -1;
	r.faults_hook = NULL;
	snprintf(r.faults_why, sizeof(r.faults_why), "needs root");
	r.pagefaults = 0;
	snprintf(r.pagefaults_why, sizeof(r.pagefaults_why), "perf_event_open: Permission denied");
	out[0].side[XB_DAX].have_pagefaults = out[0].side[XB_PAGECACHE].have_pagefaults = 0;
	return emit_one(dir, "nofaults.json", &r, xb_print_json);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_median_ci),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_workload_ops),
		cmocka_unit_test(test_side),
		cmocka_unit_test(test_faults_line),
		cmocka_unit_test(test_compare),
	};

	if (argc == 3 && !strcmp(argv[1], "--emit"))
		return emit(argv[2]) ? 1 : 0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
