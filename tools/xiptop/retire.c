// SPDX-License-Identifier: GPL-2.0
/*
 * After each interval: rows whose file or process ended leave the maps
 * (after the interval that showed their last counts), and when the maps
 * near their size the least recently active rows make room (tools/lib's
 * lifecycle.c says which). Names of what ended are forgotten, here and in
 * the kernel's maps, so that a reused inode number or pid is named anew.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "app.h"
#include "lifecycle.h"
#include "loader.h"
#include "maps.h"

/*
 * The kernel side forgets the inode (its path; no end told), and so do
 * we: in a part of a long interval, once its view has named the row
 * (the namer defers it). The namer first: it may ask the kernel's.
 */
static void forget_inode(struct xt_app *a, unsigned int dev, uint64_t ino, uint32_t gen)
{
	xt_namer_forget_path(&a->namer, dev, ino, gen);
	xl_maps_forget_inode(a->bpf, dev, ino, gen);
}

/*
 * Forget what ended and has no row left: an inode, an evicted row's inode,
 * a process. (A renamed file's cached path was forgotten before the view:
 * xt_forget_renamed().)
 */
static void forget(struct xt_app *a, const struct xl_snapshot *s, const unsigned char *drop)
{
	/* (asked once: the first inode looked for orders the rows made since) */
	bool owned_made = (a->caps->per_process || a->caps->per_cgroup) &&
			  xl_maps_made_since_read(a->bpf);
	size_t i;

	for (i = 0; i < a->gone.n; i++) {
		const struct xip_gone *g = &a->gone.g[i];

		switch (g->what) {
		case XIP_GONE_PROCESS:
			xt_namer_forget_comm(&a->namer, g->tgid, g->start);
			xl_maps_forget_process(a->bpf, g->tgid, g->start);
			break;
		case XIP_GONE_INODE:
			/* a row that moved since the read stayed: its inode lives on */
			if (!xl_inode_stays(s, drop, g->dev, g->ino, g->gen))
				forget_inode(a, g->dev, g->ino, g->gen);
			break;
		default:
			break;
		}
	}
	for (i = 0; i < s->nfiles; i++) {
		const struct xip_file_key *k = &s->files[i].key;

		/* a later fault makes a new row and captures the path again */
		if (drop[i] != XL_EVICTED || xl_inode_stays(s, drop, k->dev, k->ino, k->gen))
			continue;
		/*
		 * With -P or -G a file has a row per process or cgroup, and one
		 * made since the read is not in s: the kernel must not forget
		 * the path and end of an inode that still has it. (On no
		 * memory, keep the inode: it goes when it ends.)
		 */
		if (owned_made && xl_maps_inode_kept(a->bpf, k->dev, k->ino, k->gen, s, drop) != 0)
			continue;
		forget_inode(a, k->dev, k->ino, k->gen);
	}
}

void xt_forget_renamed(struct xt_app *a)
{
	for (size_t i = 0; i < a->gone.n; i++)
		if (a->gone.g[i].what == XIP_GONE_RENAMED)
			xt_namer_forget_path(&a->namer, a->gone.g[i].dev, a->gone.g[i].ino,
					     a->gone.g[i].gen);
}

/* The rows the maps keep with room for new files: an eighth is kept free. */
static size_t rows_kept(const struct xt_app *a)
{
	size_t max = xl_bpf_max_files(a->bpf);

	return max - xl_headroom(max);
}

bool xt_life_due(const struct xt_app *a)
{
	/* between reads, the rows made since count too (the exporter reads seldom) */
	return a->gone.n ||
	       xl_maps_tracked(a->bpf) + xl_maps_made_since_read(a->bpf) > rows_kept(a);
}

int xt_lifecycle(struct xt_app *a, bool cur_read)
{
	size_t keep = rows_kept(a), i;
	bool room = xl_maps_tracked(a->bpf) <= keep;
	struct xl_snapshot *cur = &a->cur;
	unsigned char *drop;
	long evicted;
	int err = 0;

	/* nothing ended, and room for new files: no row is looked at */
	if (!a->gone.n && room)
		return 0;
	/*
	 * Only the rows that leave are read (with every row of their inodes:
	 * forget() asks whether one stays), not a copy of every row: with
	 * room, those that ended; near full, the least recently active too
	 * (keep becomes how many of those read stay). The exporter's scrape
	 * has read every row already.
	 */
	if (!cur_read)
		err = room ? xl_maps_as_read_gone(a->bpf, cur, a->gone.g, a->gone.n) :
			     xl_maps_as_read_leaving(a->bpf, cur, a->gone.g, a->gone.n, &keep);
	if (err)
		return err;
	drop = calloc(cur->nfiles ? cur->nfiles : 1, 1);
	if (!drop)
		return -ENOMEM;
	xl_mark_gone(cur, a->gone.g, a->gone.n, drop);
	evicted = xl_mark_idle(cur, keep, drop);
	if (evicted < 0)
		err = -ENOMEM;
	else if (memchr(drop, XL_EXPIRED, cur->nfiles) || evicted)
		/* rows that moved since the read stay: their drop[] is cleared */
		err = xl_maps_keep_moved(a->bpf, cur, drop);
	if (!err) {
		/*
		 * Forget before deleting: a fault in between finds its row and
		 * no inode entry, and the row it makes after is tracked anew.
		 */
		forget(a, cur, drop);
		/*
		 * Their counts go to their file system's sums first: should a
		 * delete fail, a row then counts twice (a counter jumps up),
		 * never not at all (a counter going back, which Prometheus
		 * takes for a restart).
		 */
		err = xt_fsrows_retire(&a->retired, cur, drop);
		if (!err)
			err = xl_maps_delete(a->bpf, cur, drop, &a->life.lost);
	}
	if (!err) {
		for (i = 0; i < cur->nfiles; i++) {
			a->life.expired += drop[i] == XL_EXPIRED;
			a->life.evicted += drop[i] == XL_EVICTED;
		}
	}
	free(drop);
	return err;
}

void xt_life_measure(struct xt_app *a)
{
	struct mallinfo2 mi = mallinfo2();

	a->life.kernel_bytes = xl_maps_memory(a->bpf);
	a->life.user_bytes = mi.uordblks + mi.hblkhd;
}
