/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names for a row: its file's path (from the names the BPF programs
 * captured and the mount table), its process's name, its cgroup's path.
 * Each is worked out once and cached.
 */
#ifndef XT_NAMING_H
#define XT_NAMING_H

#include <stdbool.h>
#include <stdint.h>
#include "caps.h"
#include "mounts.h"
#include "namecache.h"
#include "rows.h"

struct xl_bpf;

struct xt_namer {
	struct xl_bpf *bpf;		/* where the captured names are; NULL: none */
	struct xl_mounts mounts;
	struct xl_namecache paths, comms, cgroups;
	bool per_process, per_cgroup;
	const char *cgroot;		/* the cgroup v2 root */
	const char *mountinfo;
	/*
	 * Names forgotten but maybe still shown: the last view's rows point to
	 * them (the top screen redraws it on a key), so they are freed only
	 * when the next view has been built (xt_namer_collect()).
	 */
	char **retired;
	size_t nretired, capretired;
	/*
	 * Names to forget once the next view is built (xt_namer_after_view()):
	 * rows removed in the middle of a long interval, which its view shows.
	 */
	struct xt_later_forget {
		uint64_t a, b;		/* the path's or the process's name cache key */
		bool comm;
	} *later;
	size_t nlater, caplater;
	/*
	 * Set while rows leave in a part of a long interval: forgetting a
	 * name then works it out first (the kernel forgets it too) and waits
	 * for the next view (later).
	 */
	bool defer;
};

/*
 * Set up for the names bpf captured (NULL: none), for rows keyed as c says,
 * with the mount table of mountinfo (unreadable: paths say [MAJ:MIN]).
 */
void xt_namer_init(struct xt_namer *n, struct xl_bpf *bpf, const struct xl_caps *c,
		   const char *mountinfo);
void xt_namer_free(struct xt_namer *n);
/* Set r's path, and its process's or cgroup's name where the rows have them. */
void xt_name_row(struct xt_namer *n, struct xt_row *r);
/* Set the names of a file and a process as if captured (takes ownership). */
void xt_namer_put(struct xt_namer *n, const struct xip_file_key *k, char *path, char *comm);
/*
 * Forget a file's path (renamed, or gone) and a process's name (gone).
 * With defer set (a row leaves before the view that shows it: a part of
 * a long interval), the name is worked out now, from what the kernel
 * captured (about to be forgotten there too), and forgotten once the
 * next view is built.
 */
void xt_namer_forget_path(struct xt_namer *n, unsigned int dev, uint64_t ino, uint32_t gen);
void xt_namer_forget_comm(struct xt_namer *n, uint32_t tgid, uint64_t start);
/* A view was built: forget what waited for it. */
void xt_namer_after_view(struct xt_namer *n);
/* The mount table changed: read it again; every path is worked out anew. */
void xt_namer_reload_mounts(struct xt_namer *n);
/* Free what was forgotten: no view points to it any more. */
void xt_namer_collect(struct xt_namer *n);

#endif
