/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per file system: the exporter's default series. A fleet's Prometheus
 * wants series that stay few and never go back: one set per mounted DAX
 * (or, with --page-cache, page-cache) file system, labelled as
 * node_exporter labels its file systems (device, mountpoint, fstype), each
 * the sum of the file system's rows and of the rows that have left the
 * maps since start (xt_fsrows_retire()), so that a file's end or eviction
 * never takes counts away.
 */
#ifndef XT_FSROWS_H
#define XT_FSROWS_H

#include <stddef.h>
#include "hist.h"
#include "mounts.h"
#include "snapshot.h"
#include "view.h"

struct xt_fsrow {
	unsigned int dev;
	const char *device, *mountpoint, *fstype;	/* the mount table's; not mounted: MAJ:MIN, "", "" */
	char devnum[24];				/* MAJ:MIN */
	struct xip_file_stats st;
	struct xl_hist lat[XIP_NR_LAT];
};

struct xt_fsrows {
	struct xt_fsrow *r;	/* sorted by dev after xt_fsrows_build() */
	size_t n, cap;
};

/*
 * out = retired + the view's rows, per file system, named from the mount
 * table (the strings are the table's: valid until it is reloaded).
 * 0 or -ENOMEM.
 */
int xt_fsrows_build(struct xt_fsrows *out, const struct xt_view *v, const struct xt_fsrows *retired,
		    const struct xl_mounts *mt);
/* Add the counts and latencies of s's files whose drop[i] is set to retired. 0 or -ENOMEM. */
int xt_fsrows_retire(struct xt_fsrows *retired, const struct xl_snapshot *s,
		     const unsigned char *drop);
void xt_fsrows_free(struct xt_fsrows *t);

#endif
