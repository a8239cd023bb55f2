/* SPDX-License-Identifier: GPL-2.0 */
/* What doctor's rules know of each mounted file system: its device's DAX capability. */
#ifndef XT_SYSINFO_H
#define XT_SYSINFO_H

#include <stddef.h>
#include "findings.h"
#include "mounts.h"

/*
 * A struct xt_fsinfo per file system mounted (its whole mount, as
 * xl_mounts_find() picks it), its strings the table's; the device's
 * capability read under sysfs (/sys normally; tests give another root).
 * Only kdev's is watched (0: every one, as xiptop's --dev and --mount
 * say). 0 or -ENOMEM.
 */
int xt_fsinfo_load(struct xt_fsinfo **out, size_t *n, const struct xl_mounts *mt, const char *sysfs,
		   unsigned int kdev);

#endif
