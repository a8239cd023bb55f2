// SPDX-License-Identifier: GPL-2.0
/* xiptop's top screen: a header of totals, then a line per row, cut to the width. */
#include <stdlib.h>
#include <string.h>
#include "output.h"
#include "escape.h"
#include "filestats.h"
#include "units.h"

/*
 * The screen's columns, in the order shown. A narrow terminal drops the
 * columns of higher priority numbers first, so that PATH, last, keeps at
 * least PATH_MIN characters.
 */
enum { C_DEV, C_PTE_R, C_PTE_W, C_PMD_R, C_PMD_W, C_FALLBK, C_HOLE, C_COW, C_MAJOR, C_PCACHE,
       C_ZEROED, C_P50, C_P99, C_HINT, C_PID, C_COMM, C_CGROUP, NR_COLS };
#define PATH_MIN 24

static const struct {
	const char *title;
	int width, prio, left;
} cols[NR_COLS] = {
	[C_DEV] = { "DEV", 7, 4 }, [C_PTE_R] = { "PTE-R", 6, 1 }, [C_PTE_W] = { "PTE-W", 6, 1 },
	[C_PMD_R] = { "PMD-R", 6, 2 }, [C_PMD_W] = { "PMD-W", 6, 3 }, [C_FALLBK] = { "FALLBK", 6, 2 },
	[C_HOLE] = { "HOLE", 6, 3 }, [C_COW] = { "COW", 6, 2 }, [C_MAJOR] = { "MAJOR", 6, 1 },
	[C_PCACHE] = { "PCACHE", 6, 1 },
	[C_ZEROED] = { "ZEROED", 8, 3 }, [C_P50] = { "P50", 7, 3 }, [C_P99] = { "P99", 7, 1 },
	[C_HINT] = { "HINT", 25, 3, 1 },	/* the longest finding id: xiptop doctor explains it */
	[C_PID] = { "PID", 7, 0 }, [C_COMM] = { "COMM", 15, 0, 1 }, [C_CGROUP] = { "CGROUP", 20, 0, 1 },
};

/* Which columns fit width, highest priority (lowest number) first. */
static void choose_cols(const struct xl_caps *c, int width, int shown[NR_COLS])
{
	int used = PATH_MIN;

	for (int i = 0; i < NR_COLS; i++)
		shown[i] = 0;
	for (int prio = 0; prio <= 4; prio++)
		for (int i = 0; i < NR_COLS; i++) {
			if (cols[i].prio != prio || ((i == C_PID || i == C_COMM) && !c->per_process) ||
			    (i == C_CGROUP && !c->per_cgroup) || (i == C_PCACHE && !xl_lat_available(c, XIP_PAGECACHE)))
				continue;
			if (prio && used + cols[i].width + 1 > width)
				continue;
			shown[i] = 1;
			used += cols[i].width + 1;
		}
}

/* A row's cell; buf holds what needs formatting (16 bytes). */
static const char *col_value(int col, const struct xt_row *r, const struct xl_caps *c,
			     char buf[][16])
{
	const struct xip_file_stats *st = &r->f->st;
	static const int kind[NR_COLS] = {
		[C_PTE_R] = XIP_PTE_READ, [C_PTE_W] = XIP_PTE_WRITE, [C_PMD_R] = XIP_PMD_READ,
		[C_PMD_W] = XIP_PMD_WRITE, [C_FALLBK] = XIP_PMD_FALLBACK, [C_HOLE] = XIP_HOLE,
		[C_COW] = XIP_COW, [C_MAJOR] = XIP_MAJOR, [C_PCACHE] = XIP_PAGECACHE,
	};

	switch (col) {
	case C_DEV:
		snprintf(buf[col], 16, "%u:%u", XIP_KDEV_MAJOR(r->f->key.dev),
			 XIP_KDEV_MINOR(r->f->key.dev));
		return buf[col];
	case C_ZEROED:
		return c->zero ? xl_human_bytes(buf[col], st->zero_bytes) : "-";
	case C_P50:
		return c->timing && r->timed ? xl_human_ns(buf[col], r->pct.p50) : "-";
	case C_P99:
		return c->timing && r->timed ? xl_human_ns(buf[col], r->pct.p99) : "-";
	case C_PID:
		snprintf(buf[col], 16, "%u", r->f->key.tgid);
		return buf[col];
	case C_HINT:
		return r->hint ? r->hint : "-";
	case C_COMM:	/* any process can name itself: escaped, as paths are */
		return r->comm ? xl_term_str(buf[col], 16, r->comm) : "?";
	case C_CGROUP:
		return r->cgroup ? xl_term_str(buf[col], 16, r->cgroup) : "?";
	default:
		return xl_human(buf[col], st->count[kind[col]]);
	}
}

/* The header's lines, unbounded, into f. */
static void print_header(FILE *f, const struct xt_view *v, const char *clock)
{
	const struct xip_file_stats *t = &v->totals.st;
	const struct xl_caps *c = &v->caps;
	double ratio = xl_fallback_ratio(t);
	char a[6][16];

	fprintf(f, "xiptop %s  interval %.2fs  hook %s  sort %s  files %zu/%zu  lost: files %llu unpaired %llu",
		clock, v->interval, v->hook, xt_sort_names[v->sort], v->tracked, v->max_files,
		(unsigned long long)v->counters[XIP_CTR_FILES_FULL],
		(unsigned long long)v->counters[XIP_CTR_UNPAIRED]);
	if (v->counters[XIP_CTR_MISSED])	/* rare: events neither counted nor timed */
		fprintf(f, " missed %llu", (unsigned long long)v->counters[XIP_CTR_MISSED]);
	fputc('\n', f);
	fprintf(f, "Rows: expired %s  evicted %s  memory: maps %s, xiptop %s\n",
		xl_human(a[0], v->life.expired), xl_human(a[1], v->life.evicted),
		xl_human_bytes(a[2], v->life.kernel_bytes), xl_human_bytes(a[3], v->life.user_bytes));
	fprintf(f, "Faults: %s  4K read %s write %s  2M read %s write %s  fallback %s",
		xl_human(a[0], v->totals.faults), xl_human(a[1], t->count[XIP_PTE_READ]),
		xl_human(a[2], t->count[XIP_PTE_WRITE]), xl_human(a[3], t->count[XIP_PMD_READ]),
		xl_human(a[4], t->count[XIP_PMD_WRITE]), xl_human(a[5], t->count[XIP_PMD_FALLBACK]));
	if (ratio >= 0)
		fprintf(f, " (%.1f%% of 2M)", 100 * ratio);
	fprintf(f, "  hole %s  cow %s  major %s", xl_human(a[0], t->count[XIP_HOLE]),
		xl_human(a[1], t->count[XIP_COW]), xl_human(a[2], t->count[XIP_MAJOR]));
	if (xl_lat_available(c, XIP_PAGECACHE))
		fprintf(f, "  page-cache %s", xl_human(a[3], t->count[XIP_PAGECACHE]));
	if (xl_failed_faults(t))	/* rare, and then what matters most: the rows' HINT says whose */
		fprintf(f, "  FAILED %s", xl_human(a[4], xl_failed_faults(t)));
	fputc('\n', f);
	fprintf(f, "Zeroed: %s  Read: %s  Written: %s",
		c->zero ? xl_human_bytes(a[0], t->zero_bytes) : "-",
		c->io ? xl_human_bytes(a[1], t->io_bytes[XIP_READ]) : "-",
		c->io ? xl_human_bytes(a[2], t->io_bytes[XIP_WRITE]) : "-");
	if (c->timing && v->totals.all.count)
		fprintf(f, "  Fault latency p50 %s p99 %s", xl_human_ns(a[3], v->totals.pct.p50),
			xl_human_ns(a[4], v->totals.pct.p99));
	if (!c->cow_source)
		fputs("  (no xip series: some fallback reasons, COW sources unavailable)", f);
	fputs("\n\n", f);
}

static void print_row(FILE *f, const struct xt_view *v, const struct xt_row *r,
		      const int shown[NR_COLS], int width, int selected)
{
	char a[NR_COLS][16], line[1024], path[XT_TERM_PATH];
	int n = 0, room;
	size_t len, cut;

	for (int i = 0; i < NR_COLS; i++)
		if (shown[i])
			n += snprintf(line + n, sizeof(line) - n, cols[i].left ? "%-*.*s " : "%*.*s ",
				      cols[i].width, cols[i].width, col_value(i, r, &v->caps, a));
	/*
	 * A path too long for the screen keeps its end, the file name; the
	 * cut goes forward to a character's first byte.
	 */
	xl_term_str(path, sizeof(path), r->path ? r->path : "?");
	room = width - n;
	len = strlen(path);
	if (room > 3 && (int)len > room) {
		cut = len - (room - 3);
		while (cut < len && ((unsigned char)path[cut] & 0xc0) == 0x80)
			cut++;
		snprintf(line + n, sizeof(line) - n, "...%s", path + cut);
	} else {
		snprintf(line + n, sizeof(line) - n, "%s", path);
	}
	if (selected)
		fprintf(f, "\033[7m%-*.*s\033[0m\n", width, width, line);
	else
		fprintf(f, "%.*s\n", width, line);
}

void xt_print_top(FILE *f, const struct xt_view *v, size_t maxrows, int width, int selected,
		  const char *clock)
{
	char *head = NULL, line[1024];
	size_t headlen = 0;
	int shown[NR_COLS], n = 0;
	FILE *h;

	/* the header goes through a buffer, so that each line can be cut to width */
	h = open_memstream(&head, &headlen);
	if (!h)
		return;
	print_header(h, v, clock);
	fclose(h);
	for (char *l = head, *nl; l < head + headlen; l = nl + 1) {
		nl = strchr(l, '\n');
		fprintf(f, "%.*s\n", (int)(nl - l) < width ? (int)(nl - l) : width, l);
	}
	free(head);
	choose_cols(&v->caps, width, shown);
	for (int i = 0; i < NR_COLS; i++)
		if (shown[i])
			n += snprintf(line + n, sizeof(line) - n, cols[i].left ? "%-*s " : "%*s ",
				      cols[i].width, cols[i].title);
	snprintf(line + n, sizeof(line) - n, "PATH");
	fprintf(f, "%.*s\n", width, line);
	for (size_t i = 0; i < v->nrows && i < maxrows; i++)
		print_row(f, v, &v->rows[i], shown, width, (int)i == selected);
}
