/* SPDX-License-Identifier: GPL-2.0 */
/* A cgroup's path from the id the BPF programs record. */
#ifndef XL_CGROUP_H
#define XL_CGROUP_H

#include <stdint.h>

/*
 * The path under the cgroup v2 root cgroot (e.g. "/system.slice") of the
 * cgroup with this id, as a new string; "[cgroup ID]" when not found.
 */
char *xl_cgroup_path(const char *cgroot, uint64_t id);

#endif
