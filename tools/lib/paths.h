/* SPDX-License-Identifier: GPL-2.0 */
/* A file's full path from the names the BPF programs captured and the mounts. */
#ifndef XL_PATHS_H
#define XL_PATHS_H

#include <stdint.h>
#include <linux/types.h>
#include "mounts.h"
#include "xiptop.h"

/*
 * The full path of a file the kernel side named (p: leaf first, up to its
 * file system's root), as a new string: the mount point of the mount of
 * dev whose root holds the file, then the rest. Without a mount:
 * "[MAJ:MIN]/rel/path"; cut short: ".../rest"; no name (unlinked):
 * "[MAJ:MIN ino N]". NULL if out of memory.
 */
char *xl_path_join(const struct xl_mounts *mt, unsigned int dev, uint64_t ino,
		   const struct xip_path *p);

#endif
