// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop-interval: xiptop's interval path in user space, on arrays laid
 * out as the kernel side's mapped ones (as the unit tests fake them):
 * N rows on 2 CPUs, each with a 4 KiB read count and one histogram block
 * that move every interval, as xip-manyfiles makes them in the VM. Each
 * interval reads the changed rows, then (screen) builds the screen's
 * view of 20 rows with its findings (20 file systems mounted, as in the
 * VM: the findings look through them), or (json) the view of the 20 rows
 * --json writes by default and its JSON, written to /dev/null, or
 * (json-all) the same of every row, as --json -r all writes.
 *
 *   xiptop-interval read|screen|json|json-all INTERVALS [ROWS]
 *
 * scripts/bench-interval runs it under callgrind for 1 and 11 intervals:
 * the difference is ten intervals' instructions, free of start-up and
 * of noise (docs/bench.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf-internal.h"
#include "findings.h"
#include "naming.h"
#include "output.h"
#include "rowread.h"
#include "snapshot.h"
#include "view.h"

#define NCPUS	2
/* the file systems the findings look through: as many as the VM mounts, the DAX one last */
#define NFS	20

static const struct xl_caps caps = {
	.timing = true, .sampling = true, .generations = true, .kinds = XL_KINDS_DAX,
};

/* The kernel side's arrays for n rows, each live with one histogram block */
static int fake_object(struct xl_bpf *b, size_t n, __u32 *window)
{
	b->rows = calloc(n, sizeof(*b->rows));
	b->rows_cpu = calloc(n * NCPUS, sizeof(*b->rows_cpu));
	b->nhists = n;
	b->hists = calloc(n, sizeof(*b->hists));
	b->stamps = calloc(n, sizeof(*b->stamps));
	b->order = calloc(n, sizeof(*b->order));
	if (!b->rows || !b->rows_cpu || !b->hists || !b->stamps || !b->order)
		return -1;
	b->ncpus = NCPUS;
	b->max_files = n;
	b->caps = caps;
	b->window = window;
	*window = 1;
	for (size_t r = 0; r < n; r++) {
		b->rows[r].key.ino = 1000 + r;
		b->rows[r].key.dev = XIP_KDEV(259, 0);
		b->rows[r].key.gen = r * 7;
		b->rows[r].live = 1;
		b->rows[r].hist[XIP_PTE_READ] = r + 1;
		b->order[r] = r;
	}
	b->norder = n;
	return xl_rows_setup(b);
}

/* An interval's faults: 3 to 5 on each row, on CPU 0, each timed; stamped as the kernel does */
static void faults(struct xl_bpf *b, size_t n, int interval)
{
	for (size_t r = 0; r < n; r++) {
		struct xip_hist *h = &b->hists[r];
		int k = 3 + (r + interval) % 3;

		b->rows_cpu[r * NCPUS].count[XIP_PTE_READ] += k;
		h->slot[10 + r % 4] += k;
		h->sum_ns += k * 1500;
		b->stamps[r] = *b->window;
	}
	(*b->window)++;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int intervals = argc > 2 ? atoi(argv[2]) : 0;
	size_t n = argc > 3 ? strtoul(argv[3], NULL, 0) : 10000;
	bool screen = !strcmp(mode, "screen"), json_all = !strcmp(mode, "json-all");
	bool json = json_all || !strcmp(mode, "json");
	struct xl_bpf b = { 0 };
	struct xl_snapshot delta = { 0 };
	struct xt_view v = { 0 };
	struct xt_namer namer = { 0 };
	struct xt_findings fnd = { 0 };
	struct xt_fsinfo fs[NFS] = { 0 };
	__u32 window;
	FILE *out;

	if ((!screen && !json && strcmp(mode, "read")) || intervals < 1 || !n) {
		fprintf(stderr, "usage: xiptop-interval read|screen|json|json-all INTERVALS [ROWS]\n");
		return 2;
	}
	for (int i = 0; i < NFS; i++)
		fs[i] = (struct xt_fsinfo){ .dev = XIP_KDEV(0, 20 + i), .mountpoint = "/", .source = "none",
					    .fstype = "tmpfs", .options = "rw" };
	fs[NFS - 1] = (struct xt_fsinfo){ .dev = XIP_KDEV(259, 0), .watched = true, .dax_capable = true,
					  .dax_mounted = true, .mountpoint = "/mnt/dax", .source = "/dev/pmem0",
					  .fstype = "ext4", .options = "rw,dax" };
	out = fopen("/dev/null", "w");
	if (!out || fake_object(&b, n, &window)) {
		fprintf(stderr, "xiptop-interval: out of memory\n");
		return 1;
	}
	for (int i = 0; i < intervals; i++) {
		struct xt_view_src src = {
			.counters = delta.counters, .tracked = n, .interval = 1, .hook = "tp_btf",
			.caps = &caps, .max_files = n, .sort = XT_SORT_FAULTS,
			/* the screen's 20 rows and --json's; -r all's every one */
			.limit = json_all ? 0 : XT_DEFAULT_ROWS,
		};

		faults(&b, n, i);
		xl_snapshot_clear(&delta);
		delta.time = i;
		if (xl_rows_changes(&b, &delta, i) ||
		    ((screen || json) && (xt_view_build(&v, &delta, &src, &namer) ||
					  xt_findings_build(&fnd, &v, fs, NFS)))) {
			fprintf(stderr, "xiptop-interval: out of memory\n");
			return 1;
		}
		if (delta.nfiles != n) {
			fprintf(stderr, "xiptop-interval: %zu rows changed, not %zu\n", delta.nfiles, n);
			return 1;
		}
		if (json) {
			xt_findings_hint(&fnd);
			v.findings = &fnd;
			xt_print_json(out, &v);
		}
	}
	return 0;
}
