/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which rows leave the maps after an interval: those whose file or
 * process is gone (expired), and, when the maps near their size, the
 * least recently active (evicted), so that a new file's events always
 * find room. Pure logic: the caller removes the rows (xl_maps_remove()).
 */
#ifndef XL_LIFECYCLE_H
#define XL_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "snapshot.h"
#include "xiptop.h"

/* Rows the maps keep free for new files: an interval's burst of them. */
size_t xl_headroom(size_t max_files);

/* Are a and b rows of one inode (its device, number and generation)? */
static inline bool xl_same_inode(const struct xip_file_key *a, const struct xip_file_key *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->gen == b->gen;
}

/* Is k's file (an inode record) or process (a process record) the one g says ended? */
bool xl_gone_matches(const struct xip_gone *g, const struct xip_file_key *k);

/* Values of drop[]: why a row leaves. */
enum { XL_KEEP, XL_EXPIRED, XL_EVICTED };

/* Mark (XL_EXPIRED) the rows of s whose inode or process g[] says is gone; how many. */
size_t xl_mark_gone(const struct xl_snapshot *s, const struct xip_gone *g, size_t ng,
		    unsigned char *drop);
/*
 * Mark (XL_EVICTED), among the rows not marked yet, the least recently
 * active ones until at most keep rows remain. Ties go by key, so it is
 * repeatable. How many; -1 if out of memory.
 */
long xl_mark_idle(const struct xl_snapshot *s, size_t keep, unsigned char *drop);

/* Does a row of this inode stay in s (its drop[] not set)? */
bool xl_inode_stays(const struct xl_snapshot *s, const unsigned char *drop, unsigned int dev,
		    uint64_t ino, uint32_t gen);

#endif
