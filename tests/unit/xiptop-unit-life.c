// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop-unit: rows' identity and lifecycle: a reused inode number or pid
 * is another row, gone files and processes expire, the least recently
 * active rows are evicted, and names are forgotten with them.
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
#include "cgroup.h"
#include "lifecycle.h"
#include "namecache.h"
#include "naming.h"
#include "snapshot.h"
#include "xiptop-unit.h"

static void add_row(struct xl_snapshot *s, struct xip_file_key k, uint64_t faults, double active)
{
	struct xip_file_stats st = { 0 };
	struct xip_hist_key hk = { .file = k, .lat = XIP_PTE_READ };
	struct xl_hist h = { .count = faults };

	st.count[XIP_PTE_READ] = faults;
	h.slot[10] = faults;
	assert_int_equal(xl_snapshot_add_file(s, &k, &st), 0);
	s->files[s->nfiles - 1].active = active;
	assert_int_equal(xl_snapshot_add_hist(s, &hk, &h), 0);
}

static void test_mark_gone(void **state)
{
	struct xl_snapshot s = { 0 };
	struct xip_gone g[] = {
		{ .what = XIP_GONE_INODE, .dev = 1, .ino = 12, .gen = 7 },
		{ .what = XIP_GONE_PROCESS, .tgid = 300, .start = 5000 },
		{ .what = XIP_GONE_RENAMED, .dev = 1, .ino = 13, .gen = 1 },	/* not an end */
	};
	unsigned char drop[6] = { 0 };

	(void)state;
	add_row(&s, (struct xip_file_key){ .dev = 1, .ino = 12, .gen = 7, .tgid = 100, .owner = 1 }, 1, 0);
	add_row(&s, (struct xip_file_key){ .dev = 1, .ino = 12, .gen = 7, .tgid = 200, .owner = 2 }, 1, 0);
	add_row(&s, (struct xip_file_key){ .dev = 1, .ino = 12, .gen = 8, .tgid = 100, .owner = 1 }, 1, 0);
	add_row(&s, (struct xip_file_key){ .dev = 1, .ino = 13, .gen = 1, .tgid = 300, .owner = 5000 }, 1, 0);
	/* pid 300 again, a later process: not the one that ended */
	add_row(&s, (struct xip_file_key){ .dev = 1, .ino = 13, .gen = 1, .tgid = 300, .owner = 9000 }, 1, 0);
	add_row(&s, (struct xip_file_key){ .dev = 2, .ino = 12, .gen = 7 }, 1, 0);
	xl_snapshot_sort(&s);
	assert_int_equal(xl_mark_gone(&s, g, 3, drop), 3);
	assert_int_equal(drop[0], XL_EXPIRED);	/* 1:12 gen 7, both processes */
	assert_int_equal(drop[1], XL_EXPIRED);
	assert_int_equal(drop[2], XL_KEEP);	/* gen 8: the file that took the number */
	assert_int_equal(drop[3], XL_EXPIRED);	/* pid 300 started at 5000 */
	assert_int_equal(drop[4], XL_KEEP);	/* pid 300 started at 9000 */
	assert_int_equal(drop[5], XL_KEEP);	/* another device */
	assert_false(xl_inode_stays(&s, drop, 1, 12, 7));	/* both its rows go */
	assert_true(xl_inode_stays(&s, drop, 1, 12, 8));
	assert_true(xl_inode_stays(&s, drop, 1, 13, 1));	/* the later process's row */
	drop[1] = XL_KEEP;	/* as if that row moved since the read: it stays */
	assert_true(xl_inode_stays(&s, drop, 1, 12, 7));
	assert_false(xl_inode_stays(&s, drop, 9, 9, 9));	/* no row at all */
	xl_snapshot_free(&s);
}

static void test_mark_idle(void **state)
{
	struct xl_snapshot s = { 0 };
	unsigned char drop[5] = { 0 };

	(void)state;
	add_row(&s, key(1, 1), 5, 4.0);
	add_row(&s, key(1, 2), 5, 1.0);		/* least recently active */
	add_row(&s, key(1, 3), 5, 3.0);
	add_row(&s, key(1, 4), 5, 2.0);
	add_row(&s, key(1, 5), 5, 0.5);		/* the oldest, but already expired */
	xl_snapshot_sort(&s);
	drop[4] = XL_EXPIRED;
	assert_int_equal(xl_mark_idle(&s, 4, drop), 0);		/* 4 left: room enough */
	assert_int_equal(xl_mark_idle(&s, 2, drop), 2);
	assert_int_equal(drop[1], XL_EVICTED);
	assert_int_equal(drop[3], XL_EVICTED);
	assert_int_equal(drop[0] | drop[2], XL_KEEP);
	xl_snapshot_free(&s);
	assert_true(xl_headroom(10240) == 1280);
	assert_true(xl_headroom(64) == 16);
	assert_true(xl_headroom(8) == 4);
}

/* Deleting from the open-addressing cache keeps every other name findable. */
static void test_names_delete(void **state)
{
	struct xl_namecache t = { 0 };
	char buf[32];
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "n%d", i);
		assert_non_null(xl_names_put(&t, i % 5, i, strdup(buf)));
	}
	for (i = 0; i < 3000; i += 3)
		free(xl_names_take(&t, i % 5, i));
	assert_null(xl_names_take(&t, 99, 99));	/* absent: nothing */
	assert_int_equal(t.n, 2000);
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "n%d", i);
		if (i % 3)
			assert_string_equal(xl_names_get(&t, i % 5, i), buf);
		else
			assert_null(xl_names_get(&t, i % 5, i));
	}
	xl_names_free(&t);
}

/*
 * A row removed in a part of a long interval keeps its names for that
 * interval's view: forgotten after it is built, not before.
 */
static void test_names_after_view(void **state)
{
	struct xt_namer n = { 0 };
	struct xip_file_key k = { .dev = 1, .ino = 5, .gen = 2, .tgid = 40, .owner = 7 };
	struct xl_file f = { .key = k };
	struct xt_row r = { .f = &f };

	(void)state;
	n.per_process = true;
	xt_namer_put(&n, &k, strdup("/mnt/dax/gone"), strdup("job"));
	n.defer = true;				/* a part of a long interval */
	xt_namer_forget_path(&n, 1, 5, 2);
	xt_namer_forget_comm(&n, 40, 7);
	n.defer = false;
	xt_name_row(&n, &r);			/* the interval's view */
	assert_string_equal(r.path, "/mnt/dax/gone");
	assert_string_equal(r.comm, "job");
	xt_namer_collect(&n);
	xt_namer_after_view(&n);
	assert_int_equal(n.nlater, 0);
	assert_string_equal(r.path, "/mnt/dax/gone");	/* kept until the next view is built */
	xt_name_row(&n, &r);			/* the next one: forgotten (no BPF: unknown) */
	assert_null(r.path);
	assert_string_equal(r.comm, "?");
	xt_namer_free(&n);
}

/* A cgroup's path from its id: the inode number of its directory. */
static void test_cgroup_path(void **state)
{
	char root[] = "/tmp/xiptop-cg-XXXXXX", sub[128];
	struct stat st;
	char *p;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(sub, sizeof(sub), "%s/system.slice", root);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/system.slice/db.service", root);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(stat(sub, &st), 0);
	p = xl_cgroup_path(root, st.st_ino);
	assert_string_equal(p, "/system.slice/db.service");
	free(p);
	assert_int_equal(stat(root, &st), 0);
	p = xl_cgroup_path(root, st.st_ino);
	assert_string_equal(p, "/");
	free(p);
	p = xl_cgroup_path(root, 1);
	assert_string_equal(p, "[cgroup 1]");
	free(p);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/system.slice", root);
	rmdir(sub);
	rmdir(root);
}

int life_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mark_gone),
		cmocka_unit_test(test_mark_idle),
		cmocka_unit_test(test_names_delete),
		cmocka_unit_test(test_names_after_view),
		cmocka_unit_test(test_cgroup_path),
	};

	return cmocka_run_group_tests_name("life_tests", tests, NULL, NULL);
}
