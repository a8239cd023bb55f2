// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop-unit: diagnosis. The library's file rules (shared with
 * xipbench), and doctor's look at the system through fake sysfs and /proc
 * trees: a pmem namespace's alignment and NUMA node, the CPUs' nodes,
 * mappings with 2 MiB faults turned off; and the findings they make.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "diagnose.h"
#include "findings.h"
#include "filestats.h"
#include "mounts.h"
#include "naming.h"
#include "numa.h"
#include "output.h"
#include "procmaps.h"
#include "sysinfo.h"
#include "view.h"
#include "xiptop-unit.h"

/* Write text to root/rel, making its directories. */
static void put(const char *root, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *tmpdir(void)
{
	char *d = strdup("/tmp/xiptop-unit-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void rmtree(const char *d)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
}

/* The view of s as doctor builds it (s sorted first). */
static void view_of(struct xl_snapshot *s, struct xt_view *v, struct xt_namer *namer)
{
	struct xt_view_src src = { .hook = "tp_btf", .caps = &all_caps, .max_files = 10240 };

	xl_snapshot_sort(s);
	src.counters = s->counters;
	src.tracked = s->nfiles;
	assert_int_equal(xt_view_build(v, s, &src, namer), 0);
}

static void free_all(struct xt_findings *f, struct xt_view *v, struct xt_namer *namer,
		     struct xl_snapshot *s)
{
	xt_findings_free(f);
	xt_view_free(v);
	xt_namer_free(namer);
	xl_snapshot_free(s);
}

/* One cause, one finding: hole loads before unwritten zeroing before allocating faults. */
static void test_file_rules(void **state)
{
	struct xl_file_finding ff[XL_MAX_FILE_FINDINGS];
	struct xip_file_stats st = { 0 };
	uint64_t ns[XIP_NR_LAT] = { 0 };
	unsigned int n;

	(void)state;
	st.count[XIP_PTE_WRITE] = 100;
	st.count[XIP_MAJOR] = 100;
	n = xl_diagnose_file(&st, NULL, 100, true, ff);	/* untimed: counts weigh */
	assert_int_equal(n, 1);
	assert_int_equal(ff[0].id, XL_F_ALLOCATING_FAULTS);
	assert_int_equal(ff[0].count, 100);
	assert_int_equal(ff[0].of, 100);

	st.zero_unwritten = st.zero_bytes = 100 * 4096;
	n = xl_diagnose_file(&st, NULL, 100, true, ff);
	assert_int_equal(n, 1);
	assert_int_equal(ff[0].id, XL_F_UNWRITTEN_ZEROING);

	st.count[XIP_HOLE] = 8;
	n = xl_diagnose_file(&st, NULL, 108, true, ff);
	assert_int_equal(n, 1);
	assert_int_equal(ff[0].id, XL_F_HOLE_LOADS);

	/* timed: majors that take little of the time are no finding */
	memset(&st, 0, sizeof(st));
	st.count[XIP_PTE_READ] = 1000;
	st.count[XIP_MAJOR] = 10;
	ns[XIP_PTE_READ] = 1000000;
	ns[XIP_MAJOR] = 1000;
	assert_int_equal(xl_diagnose_file(&st, ns, 1010, true, ff), 0);

	/* fallback reasons only where the kernel tells them; the page cache: none */
	memset(&st, 0, sizeof(st));
	st.count[XIP_PMD_FALLBACK] = 3;
	st.fallback[XIP_FALLBACK_MISALIGNED] = 3;
	assert_int_equal(xl_diagnose_file(&st, NULL, 3, false, ff), 0);
	n = xl_diagnose_file(&st, NULL, 3, true, ff);
	assert_int_equal(n, 1);
	assert_int_equal(ff[0].id, XL_F_PMD_MISALIGNED_MAPPING);
	assert_int_equal(ff[0].of, 3);
	st.count[XIP_PAGECACHE] = 1;
	assert_int_equal(xl_diagnose_file(&st, NULL, 4, true, ff), 0);

	/* one failed fault is a finding, the file's first; in its faults, in no kind */
	memset(&st, 0, sizeof(st));
	st.count[XIP_PTE_READ] = 1;
	st.failed[XIP_WRITE] = 1;
	st.count[XIP_COW] = 100;
	assert_int_equal(xl_total_faults(&st), 102);
	n = xl_diagnose_file(&st, NULL, 102, true, ff);
	assert_int_equal(n, 2);
	assert_int_equal(ff[0].id, XL_F_FAILED_FAULTS);
	assert_int_equal(ff[0].count, 1);
	assert_int_equal(ff[0].of, 102);
	assert_int_equal(ff[1].id, XL_F_COW_STORM);
}

/*
 * Failures before slowness: a file's failed faults rank before a file
 * system's findings, which rank before other files' (all their files pay).
 */
static void test_failed_first(void **state)
{
	struct xt_fsinfo fs = {
		.dev = XIP_KDEV(7, 0), .watched = 1, .dax_mounted = 1, .dax_capable = 1,
		.fstype = "ext4", .alloc_align = 0, .ns_align = 2 << 20,
	};
	struct xip_file_key k = key(7, 6);
	struct xip_file_stats st = { 0 };
	struct xl_snapshot s = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_findings f = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	add_file(&s, 7, 5, XIP_MAJOR, 64);
	st.failed[XIP_WRITE] = 2;
	st.failed[XIP_READ] = 1;
	assert_int_equal(xl_snapshot_add_file(&s, &k, &st), 0);
	view_of(&s, &v, &namer);
	assert_int_equal(xt_findings_build_doctor(&f, &v, &fs, 1, NULL, 0, true), 0);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.f[0].id, XL_F_FAILED_FAULTS);
	assert_int_equal(f.f[0].row->f->key.ino, 6);
	assert_int_equal(f.f[0].count, 3);
	assert_int_equal(f.f[1].id, XL_F_FS_UNALIGNED_ALLOC);
	assert_int_equal(f.f[2].id, XL_F_ALLOCATING_FAULTS);
	out = open_memstream(&buf, &len);
	xt_print_doctor_json(out, &v, &f);
	fclose(out);
	assert_non_null(strstr(buf, "\"id\":\"failed-faults\""));
	assert_non_null(strstr(buf, "\"failed_faults\":3,\"faults\":3,\"writes\":2}"));
	assert_non_null(strstr(buf, "\"impact\":\"failures\""));
	free(buf);
	free_all(&f, &v, &namer, &s);
}

/* A pmem namespace in fsdax mode: its pfn device's align, namespace and numa_node. */
static void test_fsinfo_pmem(void **state)
{
	char *root = tmpdir(), mi[600];
	struct xl_mounts mt = { 0 };
	struct xt_fsinfo *fs;
	size_t n;

	(void)state;
	put(root, "sys/dev/block/259:2/queue/dax", "1\n");
	put(root, "sys/dev/block/259:2/device/numa_node", "1\n");
	put(root, "sys/dev/block/259:2/device/align", "4096\n");
	put(root, "sys/dev/block/259:2/device/namespace", "namespace1.0\n");
	put(root, "sys/dev/block/259:0/queue/dax", "1\n");
	put(root, "sys/dev/block/259:0/device/numa_node", "0\n");
	put(root, "mountinfo",
	    "30 1 259:2 / /mnt/nv rw - ext4 /dev/pmem2 rw,dax=always,stripe=512\n"
	    "31 1 259:0 / /mnt/dax rw - ext4 /dev/pmem0 rw,dax=always,stripe=512\n");
	snprintf(mi, sizeof(mi), "%s/mountinfo", root);
	assert_int_equal(xl_mounts_load(&mt, mi), 0);
	snprintf(mi, sizeof(mi), "%s/sys", root);
	assert_int_equal(xt_fsinfo_load(&fs, &n, &mt, mi, 0), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(fs[i].mountpoint, "/mnt/nv")) {
			assert_int_equal(fs[i].ns_align, 4096);
			assert_int_equal(fs[i].numa_node, 1);
			assert_string_equal(fs[i].ns_name, "namespace1.0");
		} else {
			assert_int_equal(fs[i].ns_align, 0);	/* raw mode: no pfn device */
			assert_int_equal(fs[i].numa_node, 0);
			assert_string_equal(fs[i].ns_name, "");
		}
	}
	free(fs);
	xl_mounts_free(&mt);
	rmtree(root);
	free(root);
}

static void test_cpu_nodes(void **state)
{
	char *root = tmpdir(), sys[600];
	int node[3] = { -1, -1, -1 };

	(void)state;
	put(root, "devices/system/cpu/cpu0/node0/x", "");
	put(root, "devices/system/cpu/cpu1/node1/x", "");
	put(root, "devices/system/cpu/cpu2/online", "1\n");	/* no NUMA said: node 0 */
	snprintf(sys, sizeof(sys), "%s", root);
	xl_cpu_nodes(node, 3, sys);
	assert_int_equal(node[0], 0);
	assert_int_equal(node[1], 1);
	assert_int_equal(node[2], 0);
	rmtree(root);
	free(root);
}

/* A mapping marked nh, and a process that turned THP off, of watched DAX files only. */
static void test_nothp_scan(void **state)
{
	const struct xt_fsinfo fs[] = {
		{ .dev = XIP_KDEV(259, 0), .watched = 1, .dax_mounted = 1 },
		{ .dev = XIP_KDEV(259, 1), .watched = 1, .dax_mounted = 0 },
	};
	struct xt_nothp_list l = { 0 };
	char *root = tmpdir();
	const char *maps =
		"7f0000000000-7f0000400000 rw-s 00000000 103:00 12 /mnt/dax/a\n"
		"7f0000400000-7f0000800000 rw-s 00000000 103:01 13 /mnt/pc/b\n"
		"7f0000800000-7f0000801000 rw-s 00000000 103:00 14 /mnt/dax/small\n";
	const char *smaps_nh =
		"7f0000000000-7f0000400000 rw-s 00000000 103:00 12 /mnt/dax/a\n"
		"Size:               4096 kB\n"
		"VmFlags: rd wr sh mr mw me ms nh \n"
		"7f0000400000-7f0000800000 rw-s 00000000 103:01 13 /mnt/pc/b\n"
		"VmFlags: rd wr sh mr mw me ms nh \n"
		"7f0000800000-7f0000801000 rw-s 00000000 103:00 14 /mnt/dax/small\n"
		"VmFlags: rd wr sh mr mw me ms nh \n";
	const char *smaps_hg =
		"7f0000000000-7f0000400000 rw-s 00000000 103:00 12 /mnt/dax/a\n"
		"VmFlags: rd wr sh mr mw me ms hg \n";

	(void)state;
	/* 103:00 is 259:0 in hex, as maps prints it */
	put(root, "100/status", "Name:\tmadviser\nTHP_enabled:\t1\n");
	put(root, "100/maps", maps);
	put(root, "100/smaps", smaps_nh);
	put(root, "200/status", "Name:\tprctler\nTHP_enabled:\t0\n");
	put(root, "200/maps", maps);
	put(root, "200/smaps", smaps_hg);
	put(root, "300/status", "Name:\tfine\nTHP_enabled:\t1\n");
	put(root, "300/maps", maps);
	put(root, "300/smaps", smaps_hg);
	put(root, "self/status", "Name:\tnot a pid\n");
	assert_int_equal(xt_nothp_scan(&l, root, fs, 2), 0);
	assert_int_equal(l.n, 2);
	for (size_t i = 0; i < l.n; i++) {
		assert_int_equal(l.m[i].dev, XIP_KDEV(259, 0));
		assert_int_equal(l.m[i].ino, 12);
		if (l.m[i].pid == 100) {
			assert_string_equal(l.m[i].comm, "madviser");
			assert_string_equal(l.m[i].why, "madvise(MADV_NOHUGEPAGE)");
		} else {
			assert_int_equal(l.m[i].pid, 200);
			assert_string_equal(l.m[i].why, "prctl(PR_SET_THP_DISABLE)");
		}
	}
	xt_nothp_free(&l);
	rmtree(root);
	free(root);
}

static const struct xt_finding *find(const struct xt_findings *f, enum xl_finding_id id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->f[i].id == id)
			return &f->f[i];
	return NULL;
}

/* The system's findings: namespace-align over device-misaligned, numa-remote, pmd-disabled. */
static void test_system_findings(void **state)
{
	struct xt_fsinfo fs = {
		.dev = XIP_KDEV(259, 2), .watched = 1, .dax_mounted = 1, .dax_capable = 1,
		.fstype = "ext4", .alloc_align = 2 << 20, .ns_align = 4096, .part_start = 4096,
		.numa_node = 1, .local_faults = 10, .remote_faults = 90, .ns_name = "namespace1.0",
	};
	const struct xt_nothp nothp = { .dev = 7, .ino = 5, .pid = 42, .why = "madvise(MADV_NOHUGEPAGE)" };
	struct xl_snapshot s = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_findings f = { 0 };
	const struct xt_finding *x;

	(void)state;
	add_file(&s, 7, 5, XIP_PTE_WRITE, 64);
	add_file(&s, 7, 6, XIP_PTE_WRITE, 64);
	view_of(&s, &v, &namer);
	assert_int_equal(xt_findings_build_doctor(&f, &v, &fs, 1, &nothp, 1, true), 0);
	assert_non_null(x = find(&f, XL_F_NAMESPACE_ALIGN));
	assert_int_equal(x->count, 4096);
	assert_null(find(&f, XL_F_DEVICE_MISALIGNED));	/* one cause, one finding */
	assert_non_null(x = find(&f, XL_F_NUMA_REMOTE));
	assert_int_equal(x->count, 90);
	assert_int_equal(x->of, 100);
	assert_non_null(x = find(&f, XL_F_PMD_DISABLED));
	assert_non_null(x->row);
	assert_int_equal(x->row->f->key.ino, 5);	/* the mapped file, not its neighbour */
	assert_int_equal(x->count, 64);
	assert_ptr_equal(x->nothp, &nothp);
	assert_int_equal(f.n, 3);

	/* a few remote faults are a stray task; a kernel without THP: every DAX file system */
	fs.remote_faults = 7;
	fs.ns_align = 2 << 20;
	assert_int_equal(xt_findings_build_doctor(&f, &v, &fs, 1, NULL, 0, false), 0);
	assert_null(find(&f, XL_F_NUMA_REMOTE));
	assert_non_null(find(&f, XL_F_DEVICE_MISALIGNED));
	assert_non_null(x = find(&f, XL_F_PMD_DISABLED));
	assert_null(x->row);
	assert_ptr_equal(x->fs, &fs);
	free_all(&f, &v, &namer, &s);
}

/* The selected file's view on the top screen lists that file's findings only. */
static void test_row_findings(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_findings f = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	add_file(&s, 7, 5, XIP_MAJOR, 64);
	add_file(&s, 7, 6, XIP_PTE_READ, 64);
	view_of(&s, &v, &namer);
	assert_int_equal(xt_findings_build(&f, &v, NULL, 0), 0);
	v.findings = &f;
	for (size_t i = 0; i < v.nrows; i++) {
		out = open_memstream(&buf, &len);
		xt_print_row_findings(out, &v, &v.rows[i]);
		fclose(out);
		if (v.rows[i].f->key.ino == 5) {
			assert_non_null(strstr(buf, "allocating-faults: faults that allocate blocks"));
			assert_non_null(strstr(buf, "  fix: preallocate and write the file once"));
		} else {
			assert_string_equal(buf, "");
		}
		free(buf);
		buf = NULL;
	}
	free_all(&f, &v, &namer, &s);
}

/*
 * A file's fault time summed read by read (an interval read in parts)
 * differs from its merged sample scaled to its faults: its findings'
 * times follow the row's, so that an impact stays a share of the
 * workload's fault time, not 320% of it.
 */
static void test_impact_read_by_read(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_findings f = { 0 };
	bool found = false;

	(void)state;
	add_file(&s, 7, 5, XIP_PTE_WRITE, 64);
	s.files[0].st.count[XIP_MAJOR] = 64;
	add_hist(&s, 7, 5, XIP_PTE_WRITE, 15, 2);	/* 2 timed of 64: 65,536 ns, scaled 2.1 ms */
	add_hist(&s, 7, 5, XIP_MAJOR, 15, 2);
	s.files[0].fault_ns = 1000000;			/* what the parts' reads said: 1 ms */
	s.files[0].row = 0;
	view_of(&s, &v, &namer);
	assert_int_equal(v.fault_ns, 1000000);
	assert_int_equal(xt_findings_build(&f, &v, NULL, 0), 0);
	for (size_t i = 0; i < f.n; i++)
		if (f.f[i].id == XL_F_ALLOCATING_FAULTS) {
			found = true;
			assert_int_equal(f.f[i].ns, 1000000);
			assert_true(f.f[i].impact > 0.999 && f.f[i].impact < 1.001);
		}
	assert_true(found);
	free_all(&f, &v, &namer, &s);
}

/*
 * doctor counts page-cache faults machine-wide (for not-dax): those on a
 * device that cannot do DAX (the root disk) are left out of the
 * workload's fault time, so a DAX file's allocating faults stay ~100% of
 * it, not diluted by a busy root file system.
 */
static void test_other_devices(void **state)
{
	struct xt_fsinfo fs = { .dev = XIP_KDEV(259, 0), .watched = 1, .dax_mounted = 1, .dax_capable = 1,
				.fstype = "ext4", .alloc_align = 2 << 20, .ns_align = 2 << 20 };
	struct xl_snapshot s = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_findings f = { 0 };
	const struct xt_finding *x;

	(void)state;
	add_file(&s, XIP_KDEV(259, 0), 5, XIP_PTE_WRITE, 64);	/* on pmem, DAX */
	s.files[0].st.count[XIP_MAJOR] = 64;
	s.files[0].fault_ns = 1000000;
	add_file(&s, XIP_KDEV(8, 1), 9, XIP_PAGECACHE, 5000);	/* on /dev/sda1 */
	s.files[1].fault_ns = 19000000;
	add_hist(&s, XIP_KDEV(259, 0), 5, XIP_PTE_WRITE, 15, 64);
	add_hist(&s, XIP_KDEV(259, 0), 5, XIP_MAJOR, 15, 64);
	s.files[0].row = 0;
	s.files[1].row = 1;
	view_of(&s, &v, &namer);
	assert_int_equal(v.fault_ns, 20000000);
	assert_int_equal(xt_findings_build_doctor(&f, &v, &fs, 1, NULL, 0, true), 0);
	assert_int_equal(f.other_files, 1);
	assert_int_equal(f.other_ns, 19000000);
	assert_int_equal(f.fault_ns, 1000000);
	assert_non_null(x = find(&f, XL_F_ALLOCATING_FAULTS));
	assert_true(x->impact > 0.99);		/* 5% if the root disk's time counted */
	free_all(&f, &v, &namer, &s);
}

/* Faults per (device, node): what a file's per-CPU values give doctor. */
static void test_devnodes(void **state)
{
	struct xl_snapshot s = { 0 };

	(void)state;
	assert_int_equal(xl_snapshot_add_devnode(&s, 1, 0, 5), 0);
	assert_int_equal(xl_snapshot_add_devnode(&s, 1, 1, 7), 0);
	assert_int_equal(xl_snapshot_add_devnode(&s, 1, 1, 3), 0);
	assert_int_equal(xl_snapshot_add_devnode(&s, 2, 2, 100), 0);
	assert_int_equal(xl_snapshot_devnode(&s, 1, 1), 10);
	assert_int_equal(xl_snapshot_devnode(&s, 1, -1 - 1), 5);	/* every node but 1 */
	assert_int_equal(xl_snapshot_devnode(&s, 1, -0 - 1), 10);	/* every node but 0 */
	xl_snapshot_clear(&s);
	assert_int_equal(xl_snapshot_devnode(&s, 1, 1), 0);
	xl_snapshot_free(&s);
}

int doctor_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_fsinfo_pmem),
		cmocka_unit_test(test_cpu_nodes),
		cmocka_unit_test(test_nothp_scan),
		cmocka_unit_test(test_system_findings),
		cmocka_unit_test(test_failed_first),
		cmocka_unit_test(test_other_devices),
		cmocka_unit_test(test_devnodes),
		cmocka_unit_test(test_row_findings),
		cmocka_unit_test(test_impact_read_by_read),
	};

	return cmocka_run_group_tests_name("doctor", tests, NULL, NULL);
}
