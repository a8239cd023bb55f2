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
#include "xiptop-unit.h"

struct xip_file_key key(unsigned int dev, unsigned long long ino)
{
	return (struct xip_file_key){ .dev = dev, .ino = ino };
}

void add_file(struct xl_snapshot *s, unsigned int dev, unsigned long long ino,
		     unsigned int kind, uint64_t n)
{
	struct xip_file_key k = key(dev, ino);
	struct xip_file_stats st = { 0 };

	st.count[kind] = n;
	assert_int_equal(xl_snapshot_add_file(s, &k, &st), 0);
}

void add_hist(struct xl_snapshot *s, unsigned int dev, unsigned long long ino,
		     unsigned int lat, unsigned int slot, uint64_t n)
{
	struct xip_hist_key hk = { .file = key(dev, ino), .lat = lat };
	struct xl_hist h = { .count = n, .sum_ns = n * xl_slot_low(slot) };

	h.slot[slot] = n;
	assert_int_equal(xl_snapshot_add_hist(s, &hk, &h), 0);
}

const struct xl_caps all_caps = {
	.kinds = XL_KINDS_DAX, .fallback = 1, .cow_source = 1, .zero = 1, .io = 1,
	.major_pmd = 1, .timing = 1, .generations = 1,
	.fallback_src = XL_SRC_SERIES, .zero_src = XL_SRC_SERIES, .io_src = XL_SRC_SERIES,
};


/* ---- a known view, for the output tests ---- */

static struct xl_snapshot emit_snap;
static struct xt_namer emit_namer;
static struct xl_caps emit_caps;
static struct xt_view_src emit_src;

static void make_view(struct xt_view *v)
{
	struct xip_file_key k1 = { .dev = XIP_KDEV(259, 0), .ino = 12, .gen = 3, .tgid = 77,
				   .owner = 5000000000ULL };
	struct xip_file_key k2 = { .dev = XIP_KDEV(259, 0), .ino = 13, .tgid = 78 };
	struct xip_file_stats a = { 0 }, b = { 0 };
	struct xip_hist_key hk = { .file = k1, .lat = XIP_PTE_WRITE };
	struct xl_hist h = { 0 };
	struct xt_view_src src = {
		.counters = emit_snap.counters, .tracked = 2, .interval = 0.5, .hook = "raw_tp", .caps = &emit_caps,
		.max_files = 10240, .sort = XT_SORT_FAULTS,
		.life = { .expired = 5, .evicted = 2, .kernel_bytes = 1 << 20,
			  .user_bytes = 4096 },
	};

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
	xl_snapshot_add_file(&emit_snap, &k1, &a);
	xl_snapshot_add_file(&emit_snap, &k2, &b);
	h.slot[12] = 60;
	h.slot[15] = 4;
	h.count = 64;
	h.sum_ns = 60 * 5000 + 4 * 40000;
	xl_snapshot_add_hist(&emit_snap, &hk, &h);
	hk.lat = XIP_MAJOR;
	xl_snapshot_add_hist(&emit_snap, &hk, &h);
	emit_snap.time = 2.5;
	emit_snap.counters[XIP_CTR_UNPAIRED] = 3;
	xl_snapshot_sort(&emit_snap);
	/* names as the kernel side would have captured them */
	emit_caps = all_caps;
	emit_caps.per_process = 1;
	emit_namer.per_process = 1;
	xt_namer_put(&emit_namer, &k1, strdup("/mnt/dax/a \"quoted\", file"), strdup("writer"));
	xt_namer_put(&emit_namer, &k2, strdup("/mnt/dax/b"), strdup("cow"));
	memset(v, 0, sizeof(*v));
	assert_int_equal(xt_view_build(v, &emit_snap, &src, &emit_namer), 0);
	emit_src = src;
}

static int emit(const char *dir)
{
	static const char *const ext[] = { "json", "csv", "prom", "top", "hist", "stock.json",
					   "top80", "nohole.prom", "hist.us", "hist.json", "hist.csv",
					   "hostile.json", "hostile.csv", "hostile.prom", "hostile.top",
					   "hostile.hist", "doctor.json", "doctor.txt" };
	struct xt_findings findings = { 0 };
	/*
	 * A name any user can give a file, and a process itself: terminal
	 * control sequences, a line break, CSV's separators, a byte that is
	 * not UTF-8, a C1 control (CSI), and a euro sign that must survive.
	 */
	static const char hostile[] = "/mnt/dax/evil\033]0;TITLE\007\033[2J\033[31mred\nline2,\"q\""
				      "\xff\xc2\x9b" "2J\xe2\x82\xac";
	static const char hostile_comm[] = "\033[31mcomm\xff";
	struct xt_view v;
	char path[4096];

	/* the mount table, and a row of the file system that has left the maps */
	static struct xl_mount mount = { .dev = XIP_KDEV(259, 0), .root = "/", .point = "/mnt/dax",
					 .source = "/dev/pmem0", .fstype = "ext4" };
	struct xl_mounts mt = { .m = &mount, .n = 1 };
	struct xt_fsrows fs = { 0 }, retired = { 0 };
	struct xl_snapshot gone = { 0 };
	struct xip_file_key gk = { .dev = XIP_KDEV(259, 0), .ino = 99 };
	struct xip_file_stats gst = { 0 };
	unsigned char drop = 1;

	gst.count[XIP_PTE_WRITE] = 10;
	xl_snapshot_add_file(&gone, &gk, &gst);
	xt_fsrows_retire(&retired, &gone, &drop);
	xl_snapshot_free(&gone);
	make_view(&v);
	v.wall = (struct timespec){ .tv_sec = 1796039999, .tv_nsec = 123456789 };
	xt_fsrows_build(&fs, &v, &retired, &mt);
	for (int i = 0; i < 18; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/view.%s", dir, ext[i]);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		switch (i) {
		case 0: xt_print_json(f, &v); break;
		case 1: xt_print_csv_header(f, &v.caps); xt_print_csv(f, &v); break;
		case 2: xt_print_prometheus(f, &v, &fs, 1); break;
		case 3: xt_print_top(f, &v, 10, 200, -1, "12:00:00"); break;
		case 4: xt_print_hists(f, &v, &v.rows[0], 1); break;
		case 8: xt_print_hist_interval(f, &v, true, 1, "12:00:00", 1000); break;
		case 9: xt_print_hist_json(f, &v, true, 0, 1000); break;
		case 10:
			xt_print_hist_csv_header(f);
			xt_print_hist_csv(f, &v, true, 1, 1000);
			break;
		case 11 ... 15:
			v.caps = all_caps;
			v.caps.per_process = 1;
			v.rows[0].path = hostile;
			v.rows[0].comm = hostile_comm;
			if (i == 11)
				xt_print_json(f, &v);
			else if (i == 12) {
				xt_print_csv_header(f, &v.caps);
				xt_print_csv(f, &v);
			} else if (i == 13)
				xt_print_prometheus(f, &v, &fs, 2);
			else if (i == 14)
				xt_print_top(f, &v, 10, 300, 0, "12:00:00");
			else
				xt_print_hist_interval(f, &v, true, 0, NULL, 1);
			break;
		case 16:
		case 17:
			v.caps = all_caps;
			v.rows[0].path = "/mnt/dax/a \"quoted\", file";
			v.rows[0].comm = "writer";
			assert_int_equal(xt_findings_build(&findings, &v, NULL, 0), 0);
			if (i == 16)
				xt_print_doctor_json(f, &v, &findings);
			else
				xt_print_doctor(f, &v, &findings);
			break;
		case 5:
			/*
			 * A kernel without the series, where nothing could be
			 * derived either (no probes): unavailable, not 0.
			 */
			v.caps = (struct xl_caps){ .kinds = XL_KINDS_DAX, .timing = 1 };
			xt_print_json(f, &v);
			break;
		case 6:
			/* an 80-column terminal, per process: fewer columns, the path kept */
			v.caps.per_process = 1;
			xt_print_top(f, &v, 10, 80, -1, "12:00:00");
			/* and with --page-cache, its column */
			v.caps.kinds |= 1U << XIP_PAGECACHE;
			emit_snap.files[0].st.count[XIP_PAGECACHE] = 7;
			xt_print_top(f, &v, 10, 80, -1, "12:00:00");
			emit_snap.files[0].st.count[XIP_PAGECACHE] = 0;
			break;
		case 7:
			/*
			 * A kind the kernel cannot tell in the middle of the
			 * list: each kind label keeps its own count (the
			 * labels once came from a compacted list).
			 */
			v.caps = all_caps;
			v.caps.kinds &= ~(1U << XIP_HOLE);
			xt_print_prometheus(f, &v, &fs, 2);
			break;
		}
		fclose(f);
	}
	/*
	 * --json -r 1: the best file written, the other counted as omitted;
	 * by faults, p99 and path, then with --path (which leaves one file:
	 * none omitted).
	 */
	xt_view_free(&v);
	emit_src.limit = 1;
	for (int i = 0; i < 4; i++) {
		static const char *const name[] = { "faults", "p99", "path", "prefix" };
		static const enum xt_sort by[] = { XT_SORT_FAULTS, XT_SORT_P99, XT_SORT_PATH, XT_SORT_FAULTS };
		FILE *f;

		emit_src.sort = by[i];
		emit_src.path_prefix = i == 3 ? "/mnt/dax/b" : NULL;
		assert_int_equal(xt_view_build(&v, &emit_snap, &emit_src, &emit_namer), 0);
		snprintf(path, sizeof(path), "%s/view.top1.%s.json", dir, name[i]);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		xt_print_json(f, &v);
		fclose(f);
	}
	xt_view_free(&v);
	xt_findings_free(&findings);
	xt_fsrows_free(&fs);
	xt_fsrows_free(&retired);
	xt_namer_free(&emit_namer);
	xl_snapshot_free(&emit_snap);
	return 0;
}
int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--emit"))
		return emit(argv[2]);
	return model_tests() + cli_tests() + life_tests() + doctor_tests() + rowread_tests() ? 1 : 0;
}
