/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xipbench's workloads share: the helpers in ctx.c that every run
 * stands on, and the runs themselves (run_mmap.c, run_io.c) that the
 * table in workloads.c names. Private to tools/xipbench.
 */
#ifndef XB_RUN_H
#define XB_RUN_H

#include <stdint.h>
#include "workloads.h"

/* CLOCK_MONOTONIC in ns. */
uint64_t xb_now_ns(void);
/* Where the timed loop starts: calls ctx's loop_begins, returns the time. */
uint64_t xb_loop_begin(struct xb_ctx *c);
/*
 * Map len bytes of fd at a 2 MiB boundary (pmd) or 4 KiB past one; NULL
 * with errno set on failure. Unmap with munmap(p, len).
 */
char *xb_map_file(int fd, unsigned long len, int prot, int flags, int pmd);
/* Remember fd's inode and its generation as one the run touched (for its fault kinds). */
void xb_note_inode(struct xb_result *r, int fd);
/* Preallocate, write and sync size bytes to fd; 0 or -errno. */
int xb_write_data(int fd, unsigned long size, char *buf);
/* Open the data file, note its inode, set its page-cache state; fd or -errno. */
int xb_open_data(struct xb_ctx *c, struct xb_result *r, int cold);
/* A new, empty scratch file (removed by xb_close_scratch); fd or -errno. */
int xb_open_scratch(struct xb_ctx *c, struct xb_result *r);
void xb_close_scratch(struct xb_ctx *c, int fd);
/* 0..n-1 in an order repeatable from ctx's seed; NULL if out of memory. */
unsigned int *xb_random_order(struct xb_ctx *c, uint64_t n);

/* The runs: each times its operations into ctx->lat; 0 or -errno. */
int xb_data_map(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_pmd_read(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_pmd_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_write_hole(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_fallocate_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_mt_overwrite(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_io_read(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_io_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_msync_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
int xb_fsync_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);

#endif
