// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads that fault: mappings of the data file (4 KiB faults,
 * 2 MiB faults, COW), stores into new files (holes, unwritten extents),
 * and threads storing into one shared mapping.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "run.h"
#include "workloads.h"

enum access { READ_COPY, WRITE_FILL };

/*
 * The mapping loop: operation i copies out of (or fills) op_bytes at
 * order[i] (or i) * op_bytes.
 */
static void map_loop(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
		     char *map, uint64_t n, const unsigned int *order, enum access a)
{
	uint64_t i, t0, start = xb_loop_begin(c);

	for (i = 0; i < n; i++) {
		char *p = map + (order ? order[i] : i) * w->op_bytes;

		t0 = xb_now_ns();
		if (a == READ_COPY)
			memcpy(c->buf, p, w->op_bytes);
		else
			memset(p, (int)i | 1, w->op_bytes);
		c->lat[i] = xb_now_ns() - t0;
	}
	r->ns = xb_now_ns() - start;
	r->ops = n;
	r->nlat = n;
	r->bytes = n * w->op_bytes;
}

static int map_run(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
		   int fd, int flags, enum access a, int pmd, int random)
{
	uint64_t n = xb_workload_ops(w, c->size);
	unsigned long len = n * w->op_bytes;
	unsigned int *order = NULL;
	char *map;
	int e = 0;

	if (random && !(order = xb_random_order(c, n)))
		return -ENOMEM;
	map = xb_map_file(fd, len, a == READ_COPY ? PROT_READ : PROT_READ | PROT_WRITE, flags, pmd);
	if (!map) {
		e = -errno;
	} else {
		map_loop(c, w, r, map, n, order, a);
		munmap(map, len);
	}
	free(order);
	return e;
}

/* A mapping of the data file, 4 KiB faults, as the workload's table entry says. */
int xb_data_map(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	int fd = xb_open_data(c, r, w->cold), e;

	if (fd < 0)
		return fd;
	e = map_run(c, w, r, fd, w->private_map ? MAP_PRIVATE : MAP_SHARED,
		    w->store ? WRITE_FILL : READ_COPY, 0, w->random);
	close(fd);
	return e;
}

/*
 * 2 MiB faults need a file whose DAX mapping has no 4 KiB entries: once a
 * file was faulted 4 KiB at a time, its PTE-sized entries stay and every
 * later 2 MiB fault falls back (reason pte_entry). So the pmd-* workloads
 * write a new file first (untimed) instead of reusing the data file.
 */
static int pmd_run(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
		   enum access a)
{
	int fd = xb_open_scratch(c, r), e;

	if (fd < 0)
		return fd;
	e = xb_write_data(fd, c->size, c->buf);
	if (!e)
		e = map_run(c, w, r, fd, MAP_SHARED, a, 1, 0);
	xb_close_scratch(c, fd);
	return e;
}

int xb_pmd_read(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return pmd_run(c, w, r, READ_COPY);
}

int xb_pmd_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return pmd_run(c, w, r, WRITE_FILL);
}

/* Stores into a new file: sparse (holes) or preallocated (unwritten). */
static int scratch_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
			 int prealloc)
{
	int fd = xb_open_scratch(c, r), e;

	if (fd < 0)
		return fd;
	e = prealloc ? fallocate(fd, 0, 0, c->size) : ftruncate(fd, c->size);
	e = e ? -errno : map_run(c, w, r, fd, MAP_SHARED, WRITE_FILL, 0, 0);
	xb_close_scratch(c, fd);
	return e;
}

int xb_write_hole(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return scratch_store(c, w, r, 0);
}

int xb_fallocate_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return scratch_store(c, w, r, 1);
}

/* Threads that each store to their own part of one shared mapping. */
struct mt_part {
	struct xb_ctx *c;
	const struct xb_workload *w;
	const int *go;			/* set once every thread exists */
	char *map;
	uint64_t first, n;
};

static void *mt_thread(void *arg)
{
	struct mt_part *p = arg;
	uint64_t i, t0;

	while (!__atomic_load_n(p->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (i = p->first; i < p->first + p->n; i++) {
		t0 = xb_now_ns();
		memset(p->map + i * p->w->op_bytes, (int)i | 1, p->w->op_bytes);
		p->c->lat[i] = xb_now_ns() - t0;
	}
	return NULL;
}

int xb_mt_overwrite(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	uint64_t n = xb_workload_ops(w, c->size), start;
	unsigned long len = n * w->op_bytes;
	int fd = xb_open_data(c, r, 0), t, e = 0, started, go = 0;
	struct mt_part part[c->threads];
	pthread_t tid[c->threads];
	char *map;

	if (fd < 0)
		return fd;
	map = xb_map_file(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	if (!map) {
		e = -errno;
		close(fd);
		return e;
	}
	for (started = 0; started < c->threads; started++) {
		t = started;
		part[t] = (struct mt_part){ c, w, &go, map, n * t / c->threads,
					    n * (t + 1) / c->threads - n * t / c->threads };
		e = -pthread_create(&tid[t], NULL, mt_thread, &part[t]);
		if (e)
			break;
	}
	if (e)				/* the started ones have nothing to do */
		for (t = 0; t < started; t++)
			part[t].n = 0;
	start = xb_loop_begin(c);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	r->ns = xb_now_ns() - start;
	munmap(map, len);
	close(fd);
	if (e)
		return e;
	r->ops = r->nlat = n;
	r->bytes = len;
	return 0;
}
