/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xipbench's workloads: each runs once on one file system, timing every
 * operation. The same code runs on the DAX and the page-cache ext4.
 */
#ifndef XB_WORKLOADS_H
#define XB_WORKLOADS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define XB_PAGE		4096UL
#define XB_PMD		(2UL << 20)
#define XB_MAX_INODES	2

/* What a workload runs against: one directory, its data file, buffers. */
struct xb_ctx {
	const char *dir;
	unsigned long size;		/* bytes each workload covers */
	int threads;			/* of the multi-threaded workload */
	unsigned int seed;		/* of random orders: runs are repeatable */
	/*
	 * Names of this run's own (mkstemp()): a file of the user's is never
	 * truncated, and two runs in one directory do not share files.
	 */
	char data[PATH_MAX];		/* the data file: size bytes, written, synced */
	char scratch[PATH_MAX];		/* the file workloads create and remove */
	char *buf;			/* XB_PMD bytes, for copies */
	uint64_t *lat;			/* per-operation ns; room for size / XB_PAGE */
	/* called as the timed loop begins, after any set-up (NULL: none) */
	void (*loop_begins)(void *arg);
	void *loop_arg;
};

/* One run's outcome. */
struct xb_result {
	uint64_t ops, bytes, ns;	/* ns: the timed loop, start to end */
	size_t nlat;			/* latencies in ctx->lat */
	uint64_t ino[XB_MAX_INODES];	/* the files it touched */
	uint32_t gen[XB_MAX_INODES];	/* and their generations (FS_IOC_GETVERSION) */
	int nino;
};

struct xb_workload {
	const char *name;
	const char *what;		/* one line for --list and the docs */
	unsigned long op_bytes;		/* bytes one operation covers */
	unsigned long max_ops;		/* 0: size / op_bytes */
	int (*run)(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r);
	/* how the data-file mapping workloads (run = data_map) map and touch it */
	unsigned char cold;		/* drop the file's cached pages first */
	unsigned char random;		/* pages in a random (repeatable) order */
	unsigned char private_map;	/* MAP_PRIVATE: stores copy on write */
	unsigned char store;		/* fill pages (else copy them out) */
};

extern const struct xb_workload xb_workloads[];
extern const size_t xb_nr_workloads;
const struct xb_workload *xb_workload_find(const char *name);
/* Operations a workload makes on files of ctx size. */
uint64_t xb_workload_ops(const struct xb_workload *w, unsigned long size);

/* Set up ctx on dir (creates the data file); 0 or -errno. */
int xb_ctx_open(struct xb_ctx *c, const char *dir, unsigned long size, int threads);
void xb_ctx_close(struct xb_ctx *c);
/* Remove the files ctx made, as xb_ctx_close() does; safe in a signal handler. */
void xb_ctx_remove_files(struct xb_ctx *c);

#endif
