// SPDX-License-Identifier: GPL-2.0
/* The workloads of system calls: read(2), write(2), fsync(2), msync(2). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "run.h"
#include "workloads.h"

enum io_op { IO_READ, IO_WRITE, IO_WRITE_FSYNC, IO_STORE_MSYNC };

/* One operation of io_run at off: 0 or -errno. */
static int io_one(struct xb_ctx *c, const struct xb_workload *w, enum io_op op, int fd,
		  char *map, unsigned long off, uint64_t i)
{
	ssize_t got;

	switch (op) {
	case IO_READ:
		got = pread(fd, c->buf, w->op_bytes, off);
		break;
	case IO_STORE_MSYNC:
		memset(map + off, (int)i | 1, w->op_bytes);
		return msync(map + off, w->op_bytes, MS_SYNC) ? -errno : 0;
	default:
		got = pwrite(fd, c->buf, w->op_bytes, off);
		if (got == (ssize_t)w->op_bytes && op == IO_WRITE_FSYNC && fsync(fd))
			return -errno;
	}
	return got == (ssize_t)w->op_bytes ? 0 : got < 0 ? -errno : -EIO;
}

/*
 * op_bytes at a time, in order over the data file: read(2), write(2),
 * write(2) + fsync(2), or a store + msync(MS_SYNC) through a shared mapping.
 */
static int io_run(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
		  enum io_op op)
{
	uint64_t n = xb_workload_ops(w, c->size), i, t0, start;
	unsigned long len = n * w->op_bytes;
	int fd = xb_open_data(c, r, 0), e = 0;
	char *map = NULL;

	if (fd < 0)
		return fd;
	if (op == IO_STORE_MSYNC &&
	    !(map = xb_map_file(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED, 0))) {
		e = -errno;
		close(fd);
		return e;
	}
	memset(c->buf, 0x5a, w->op_bytes);
	start = xb_loop_begin(c);
	for (i = 0; i < n && !e; i++) {
		t0 = xb_now_ns();
		e = io_one(c, w, op, fd, map, i * w->op_bytes, i);
		c->lat[i] = xb_now_ns() - t0;
	}
	r->ns = xb_now_ns() - start;
	r->ops = r->nlat = e ? i - 1 : i;
	r->bytes = r->ops * w->op_bytes;
	if (map)
		munmap(map, len);
	close(fd);
	return e;
}

int xb_io_read(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_READ);
}

int xb_io_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_WRITE);
}

int xb_msync_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_STORE_MSYNC);
}

int xb_fsync_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_WRITE_FSYNC);
}
