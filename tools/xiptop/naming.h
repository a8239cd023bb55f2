/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names for a row: its file's path (from the names the BPF programs
 * captured and the mount table), its process's name, its cgroup's path.
 * Each is worked out once and cached.
 */
#ifndef XT_NAMING_H
#define XT_NAMING_H

#include <stdbool.h>
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

#endif
