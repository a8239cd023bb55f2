/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault kinds the kernel reported during a run, from xiptop's BPF
 * programs (tools/lib): loaded for xipbench's own process only, and read
 * by key, file by file, so that no other process's files can crowd the
 * run's out. What the programs could not record is counted, not hidden.
 */
#ifndef XB_FAULTS_H
#define XB_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "caps.h"
#include "xiptop.h"

struct xb_faults;

/*
 * Load the programs (counts only; page-cache faults too where the kernel
 * can kprobe filemap_fault), for this process's faults, detached. NULL
 * with the reason in err.
 */
struct xb_faults *xb_faults_open(bool verbose, char *err, size_t errlen);
void xb_faults_close(struct xb_faults *f);
const char *xb_faults_hook(const struct xb_faults *f);
/* What the kernel can report. */
const struct xl_caps *xb_faults_caps(const struct xb_faults *f);

/*
 * Attach the programs for the untimed run, detach them after it: timed
 * runs go untraced. 0, or -1 with the reason in err.
 */
int xb_faults_attach(struct xb_faults *f, char *err, size_t errlen);
void xb_faults_detach(struct xb_faults *f);
/* Count from now: empty the rows, remember the lost-event counters; 0 or -errno. */
int xb_faults_mark(struct xb_faults *f);
/*
 * What the files (kdev, ino[i], gen[i]) took since the mark: *out; and
 * *lost, the events the programs had no room to record since then (0:
 * *out is complete). kdev as the kernel numbers devices (XIP_KDEV).
 * 0 or -errno.
 */
int xb_faults_since(struct xb_faults *f, unsigned int kdev, const uint64_t *ino,
		    const uint32_t *gen, int nino, struct xip_file_stats *out, uint64_t *lost);

#endif
