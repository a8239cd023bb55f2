/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault kinds the kernel reported during a run, read with xiptop's BPF
 * programs (tools/xiptop/kernel.c): counts per file, summed over the files
 * the run touched.
 */
#ifndef XB_FAULTS_H
#define XB_FAULTS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "xiptop.h"
#include "output.h"

struct xb_faults;

/*
 * Load and attach xiptop's programs (counts only, page-cache faults too
 * when the kernel can kprobe filemap_fault). NULL with the reason in err.
 */
struct xb_faults *xb_faults_open(char *err, size_t errlen);
void xb_faults_close(struct xb_faults *f);
const char *xb_faults_hook(const struct xb_faults *f);
/* What the kernel can report (xiptop's "have"). */
void xb_faults_have(const struct xb_faults *f, struct xt_have *have);

/* Remember the counts now; 0 or -errno. */
int xb_faults_mark(struct xb_faults *f);
/*
 * What the files (kdev, ino[i]) took since the mark: *out; 0 or -errno.
 * kdev as the kernel numbers devices (major << 20 | minor).
 */
int xb_faults_since(struct xb_faults *f, unsigned int kdev, const uint64_t *ino, int nino,
		    struct xip_file_stats *out);

#endif
