// SPDX-License-Identifier: GPL-2.0
/* xiptop-unit: the command line, device numbers, paths, the name cache, units. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "cli.h"
#include "escape.h"
#include "filestats.h"
#include "hist.h"
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
#include "kinds.h"
#include "loader.h"
#include "escape.h"
#include "xiptop-unit.h"

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
	assert_int_equal(xl_default_max_files(2), 16384);
	/*
	 * 128 MiB over a row's 64-byte per-CPU counts, its two 136-byte
	 * histogram blocks (shared by the CPUs), 280 shared, its 8-byte stamp
	 */
	assert_int_equal(sizeof(struct xip_row_cpu), 64);
	assert_int_equal(sizeof(struct xip_hist), 136);
	assert_int_equal(sizeof(struct xip_row), 280);
	assert_int_equal(xl_default_max_files(64), 16384);
	assert_int_equal(xl_default_max_files(128), (128 << 20) / (64 * 128 + 2 * 136 + 280 + 8));
	assert_int_equal(xl_default_max_files(100000), 64);
	assert_int_equal(env.hook, XL_HOOK_AUTO);
	assert_int_equal(env.hist, 0);
}

static void test_cli_options(void **state)
{
	struct xt_env env;
	char err[256];

	(void)state;
	assert_int_equal(parse(&env, err, "--json", "-s", "p99", "-p", "42", "-P",
			       "--hook", "raw_tp", "--max-files", "100", "0.5", "3", NULL), 0);
	assert_int_equal(env.output, XT_OUT_JSON);
	assert_int_equal(env.sort, XT_SORT_P99);
	assert_int_equal(env.tgid, 42);
	assert_int_equal(env.per_process, 1);
	assert_int_equal(env.hook, XL_HOOK_RAW_TP);
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
	/* libbpf-tools' habits */
	assert_int_equal(parse(&env, err, "-v", "-c", "/sys/fs/cgroup/a.slice", "-d", "pmem0", "-r", "5",
			       "-C", NULL), 0);
	assert_true(env.verbose);
	assert_string_equal(env.cgroup, "/sys/fs/cgroup/a.slice");
	assert_string_equal(env.dev, "pmem0");
	assert_int_equal(env.rows, 5);
	assert_int_equal(env.noclear, 1);
	assert_int_equal(parse(&env, err, "hist", "-T", "-u", NULL), 0);
	assert_int_equal(env.timestamp, 1);
	assert_int_equal(env.unit, 'u');
	assert_int_equal(parse(&env, err, "hist", "-m", "--json", "-F", "-r", "3", "-s", "p99", NULL), 0);
	assert_int_equal(env.rows, 3);
	assert_int_equal(env.unit, 'm');
	assert_int_equal(env.output, XT_OUT_JSON);
	/* JSON's best files only: -r limits them, --sort picks them */
	assert_int_equal(parse(&env, err, "--json", "-r", "20", "-s", "cow", "1", NULL), 0);
	assert_int_equal(env.rows, 20);
	assert_int_equal(env.sort, XT_SORT_COW);
	assert_int_equal(env.output, XT_OUT_JSON);
	/* every row: asked for by name, never by a number that could mean none */
	assert_int_equal(parse(&env, err, "--json", "-r", "all", NULL), 0);
	assert_int_equal(env.rows, XT_ROWS_ALL);
	assert_int_equal(parse(&env, err, "--json", NULL), 0);
	assert_int_equal(env.rows, 0);
	assert_int_equal(parse(&env, err, "hist", "--csv", NULL), 0);
	assert_int_equal(env.output, XT_OUT_CSV);
	assert_int_equal(parse(&env, err, "-M", "/mnt/dax", "--prometheus=:9745", "--json", NULL), 0);
	assert_string_equal(env.mount, "/mnt/dax");
	assert_string_equal(env.prometheus, ":9745");
	/* the exporter's address is optional: loopback by default */
	assert_int_equal(parse(&env, err, "--prometheus", "--prometheus-files", "20", NULL), 0);
	assert_string_equal(env.prometheus, "127.0.0.1:9972");
	assert_int_equal(env.prometheus_files, 20);
	assert_int_equal(parse(&env, err, "--csv", "-s", "path", NULL), 0);
	assert_int_equal(parse(&env, err, "--json", "--json", NULL), 0);
	/* per process series of the exporter: with --prometheus-files */
	assert_int_equal(parse(&env, err, "--prometheus", "--prometheus-files", "5", "-P", NULL), 0);
}

/* Help, usage and the version print and say "done"; nothing else runs. */
static void test_cli_help(void **state)
{
	struct xt_env env;
	char err[256];

	(void)state;
	assert_int_equal(parse(&env, err, "--version", NULL), XL_ARGS_DONE);
	/* a check of the other options must not turn help into an error */
	assert_int_equal(parse(&env, err, "-F", "-h", NULL), XL_ARGS_DONE);
	assert_int_equal(parse(&env, err, "--usage", NULL), XL_ARGS_DONE);
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
	assert_int_equal(parse(&env, err, "--prometheus=9435", NULL), 2);
	assert_int_equal(parse(&env, err, "-d", "1:2", "-M", "/", NULL), 2);
	/* every combination works or is refused, with one line saying why */
	static const char *const refused[][5] = {
		{ "--json", "--csv" }, { "--csv", "--json" }, { "hist", "-m", "-u" },
		{ "-m" }, { "-u" }, { "-T" }, { "--json", "-T" }, { "hist", "--csv", "-T" },
		{ "hist", "-s", "p99" }, { "hist", "-r", "2" }, { "--csv", "-r", "2" },
		{ "--csv", "-C" }, { "hist", "-C" }, { "--prometheus=:1", "-C" },
		{ "--prometheus=:1", "-s", "p99" }, { "--prometheus=:1", "-r", "3" },
		{ "--prometheus-files", "3" }, { "--prometheus", "127.0.0.1:9" },
		{ "--prometheus", "-f", "/mnt" }, { "--prometheus", "-P" }, { "--prometheus", "-G" },
		{ "-f", "/mnt", "--hook", "tp" }, { "doctor", "-P" }, { "doctor", "-s", "p99" }, { "--no-latency", "-s", "p99" }, { "--no-latency", "--every-fault" }, { "hist", "-F", "-P" },
		{ "--bogus" }, { "-Z" }, { "--pid" }, { "-p" },
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		const char *const *o = refused[i];

		assert_int_equal(parse(&env, err, o[0], o[1], o[2], o[3], o[4]), XL_ARGS_BAD);
		assert_true(err[0]);
		assert_null(strchr(err, '\n'));
	}
	assert_int_equal(parse(&env, err, "--bogus", NULL), XL_ARGS_BAD);
	assert_non_null(strstr(err, "--bogus"));
	/* each message is one line */
	assert_null(strchr(err, '\n'));
}

static void test_parse_dev(void **state)
{
	unsigned int d;
	char err[256];

	(void)state;
	assert_int_equal(xl_parse_dev("259:3", 0, "--dev", &d, err, sizeof(err)), 0);
	assert_int_equal(d, XIP_KDEV(259, 3));
	assert_int_equal(xl_parse_dev("/nonexistent", 0, "--dev", &d, err, sizeof(err)), -1);
	assert_int_equal(xl_parse_dev("/", 0, "--dev", &d, err, sizeof(err)), -1);	/* not a block device */
	assert_non_null(strstr(err, "not a block device"));
	assert_int_equal(xl_parse_dev("/", 1, "--mount", &d, err, sizeof(err)), 0);
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
	struct xl_mounts mt;
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
	assert_int_equal(xl_mounts_load(&mt, tmp), 0);
	unlink(tmp);
	assert_int_equal(mt.n, 3);
	assert_string_equal(mt.m[1].point, "/srv/bind here");

	set_path(&p, 1, "f", "dir", NULL);
	s = xl_path_join(&mt, 259 << 20, 12, &p);
	assert_string_equal(s, "/mnt/dax/dir/f");
	free(s);
	set_path(&p, 1, "g", "sub", NULL);	/* under the bind mount's root: the deeper mount */
	s = xl_path_join(&mt, 259 << 20, 13, &p);
	assert_string_equal(s, "/srv/bind here/g");
	free(s);
	set_path(&p, 1, "h", "usr", NULL);
	s = xl_path_join(&mt, 22, 14, &p);	/* 0:22 mounted at / */
	assert_string_equal(s, "/usr/h");
	free(s);
	set_path(&p, 0, "x", "deep", NULL);
	s = xl_path_join(&mt, 259 << 20, 15, &p);
	assert_string_equal(s, ".../deep/x");
	free(s);
	set_path(&p, 1, "y", NULL);
	s = xl_path_join(&mt, 8 << 20 | 1, 16, &p);	/* no mount of 8:1 */
	assert_string_equal(s, "[8:1]/y");
	free(s);
	set_path(&p, 1, NULL);
	s = xl_path_join(&mt, 259 << 20, 17, &p);	/* unlinked */
	assert_string_equal(s, "[259:0 ino 17]");
	free(s);
	xl_mounts_free(&mt);
}

static void test_names_table(void **state)
{
	struct xl_namecache t = { 0 };
	char buf[32];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "n%d", i);
		assert_non_null(xl_names_put(&t, i % 7, i, strdup(buf)));
	}
	assert_int_equal(t.n, 5000);
	for (int i = 0; i < 5000; i += 97) {
		snprintf(buf, sizeof(buf), "n%d", i);
		assert_string_equal(xl_names_get(&t, i % 7, i), buf);
	}
	assert_null(xl_names_get(&t, 99, 99));
	xl_names_put(&t, 1, 1, strdup("replaced"));
	assert_string_equal(xl_names_get(&t, 1, 1), "replaced");
	assert_int_equal(t.n, 5000);
	xl_names_free(&t);
}

/* Hostile names: what a terminal gets, and what counts as UTF-8. */
static void test_escape(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(xl_utf8_char((const unsigned char *)"a"), 1);
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xc3\xa9"), 2);
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xe2\x82\xac"), 3);
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xf0\x9f\x98\x80"), 4);
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xc0\x80"), 0);		/* overlong */
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xe0\x80\xaf"), 0);	/* overlong */
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xed\xa0\x80"), 0);	/* surrogate */
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xf4\x90\x80\x80"), 0);	/* > U+10FFFF */
	assert_int_equal(xl_utf8_char((const unsigned char *)"\x80"), 0);
	assert_int_equal(xl_utf8_char((const unsigned char *)"\xe2\x82"), 0);		/* cut short */
	assert_string_equal(xl_term_str(buf, sizeof(buf), "evil\033]0;TITLE\007\033[2J\033[31mred"),
			    "evil\\033]0;TITLE\\007\\033[2J\\033[31mred");
	assert_string_equal(xl_term_str(buf, sizeof(buf), "a\nb\tc\rd\\e"), "a\\nb\\tc\\rd\\\\e");
	assert_string_equal(xl_term_str(buf, sizeof(buf), "x\xffy\x7f"), "x\\377y\\177");
	assert_string_equal(xl_term_str(buf, sizeof(buf), "csi\xc2\x9b" "2J"), "csi\\302\\2332J");
	assert_string_equal(xl_term_str(buf, sizeof(buf), "caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");
	/* cut at a whole character or escape, never inside one */
	assert_string_equal(xl_term_str(buf, 5, "abcdef"), "abcd");
	assert_string_equal(xl_term_str(buf, 6, "ab\033c"), "ab");
	assert_string_equal(xl_term_str(buf, 5, "abc\xe2\x82\xac"), "abc");
	assert_string_equal(xl_term_str(buf, sizeof(buf), NULL), "");
}

static void test_human(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(xl_human(b, 0), "0");
	assert_string_equal(xl_human(b, 999), "999");
	assert_string_equal(xl_human(b, 1000), "1.0k");
	assert_string_equal(xl_human(b, 13800), "13.8k");
	assert_string_equal(xl_human(b, 2.5e9), "2.5G");
	assert_string_equal(xl_human_ns(b, 850), "850ns");
	assert_string_equal(xl_human_ns(b, 12300), "12.3us");
	assert_string_equal(xl_human_ns(b, 4500000), "4.5ms");
	assert_string_equal(xl_human_ns(b, 7200000000ULL), "7.2s");
}

/* Every loader error has one line to say, with its errno where it has one. */
static void test_bpf_messages(void **state)
{
	char buf[256];

	(void)state;
	for (int c = XL_BPF_OK; c <= XL_BPF_ATTACH; c++) {
		struct xl_bpf_error e = { .code = c, .sys = ENOENT };

		xl_bpf_strerror(&e, buf, sizeof(buf));
		assert_true(strlen(buf) > 5);
		assert_null(strchr(buf, '\n'));
		assert_null(strstr(buf, "loader error"));	/* each code has its message */
	}
	xl_bpf_strerror(&(struct xl_bpf_error){ .code = XL_BPF_PAGE_CACHE, .sys = ENOENT }, buf,
			sizeof(buf));
	assert_string_equal(buf, "cannot kprobe filemap_fault for --page-cache: "
			    "No such file or directory; run without it");
	xl_bpf_strerror(&(struct xl_bpf_error){ .code = XL_BPF_NO_PRIV }, buf, sizeof(buf));
	assert_non_null(strstr(buf, "needs root"));
	xl_bpf_strerror(&(struct xl_bpf_error){ .code = 999 }, buf, sizeof(buf));
	assert_string_equal(buf, "BPF loader error 999");
}

/* Every number has its name: a missing one printed "(null)" as a JSON key. */
static void test_names_complete(void **state)
{
	(void)state;
	for (int i = 0; i < XIP_NR_COUNTERS; i++)
		assert_non_null(xl_counter_names[i]);
	for (int i = 0; i < XIP_NR_LAT; i++) {
		assert_non_null(xl_lat_names[i]);
		assert_non_null(xl_lat_titles[i]);
	}
	for (int i = 0; i < XIP_NR_FALLBACK_REASONS; i++)
		assert_non_null(xl_fallback_names[i]);
	for (int i = 0; i < XIP_NR_COW_SOURCES; i++)
		assert_non_null(xl_cow_source_names[i]);
}

int cli_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_defaults),
		cmocka_unit_test(test_cli_options),
		cmocka_unit_test(test_cli_errors),
		cmocka_unit_test(test_cli_help),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_parse_dev),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_names_table),
		cmocka_unit_test(test_human),
		cmocka_unit_test(test_bpf_messages),
		cmocka_unit_test(test_names_complete),
	};

	return cmocka_run_group_tests_name("cli_tests", tests, NULL, NULL);
}
