/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names for what the kernel side records as numbers: a file's full path
 * (from the names the BPF programs captured up to its file system's root,
 * and the mount table), a cgroup's path from its id. Cached: each is worked
 * out once.
 */
#ifndef XT_NAMES_H
#define XT_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xiptop.h"

struct xt_mount {
	unsigned int dev;	/* kernel dev_t */
	char *root;		/* the file system's directory mounted here */
	char *point;		/* where */
};

struct xt_mounts {
	struct xt_mount *m;
	size_t n;
};

/* Parse a /proc/PID/mountinfo file; 0 or -errno. */
int xt_mounts_load(struct xt_mounts *mt, const char *mountinfo);
void xt_mounts_free(struct xt_mounts *mt);

/*
 * The full path of a file the kernel side named (p: leaf first, up to its
 * file system's root), as a new string: the mount point of the mount of
 * dev whose root holds the file, then the rest. Without a mount:
 * "[MAJ:MIN]/rel/path"; cut short: ".../rest"; no name (unlinked):
 * "[MAJ:MIN ino N]".
 */
char *xt_path_join(const struct xt_mounts *mt, unsigned int dev, uint64_t ino,
		   const struct xip_path *p);

/* A small open-addressing map from a 64-bit key pair to a string it owns. */
struct xt_names {
	struct xt_name_slot { uint64_t a, b; char *name; } *slot;
	size_t cap, n;
};
const char *xt_names_get(const struct xt_names *t, uint64_t a, uint64_t b);
/* Takes ownership of name; returns it, or NULL (and frees it) on ENOMEM. */
const char *xt_names_put(struct xt_names *t, uint64_t a, uint64_t b, char *name);
void xt_names_free(struct xt_names *t);

/* The path under the cgroup v2 root (e.g. "/system.slice") of a cgroup id. */
char *xt_cgroup_path(const char *cgroot, uint64_t id);

#endif
