// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads. Each maps or opens its file afresh, so that every fault it
 * means to take happens inside its timed loop, and times each operation
 * (one page, one 2 MiB extent, one read(2), one store + sync) with
 * CLOCK_MONOTONIC. Mappings meant for 4 KiB faults start 4 KiB past a 2 MiB
 * boundary, so that none of their faults can be a 2 MiB one (the kernel
 * tries one per 2 MiB and falls back: "misaligned"); the pmd-* mappings
 * are 2 MiB-aligned, and so are their files' extents when the file system
 * allocates that way (the VM's mkfs uses stride=512).
 *
 * Page-cache state: "cold" drops the file's clean pages first
 * (POSIX_FADV_DONTNEED), "warm" reads the file first; everything else runs
 * warm. On DAX there is no cache: cold and warm should not differ.
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
#include "workloads.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Where the timed loop starts: what a run reports starts here too. */
static uint64_t loop_begin(struct xb_ctx *c)
{
	if (c->loop_begins)
		c->loop_begins(c->loop_arg);
	return now_ns();
}

uint64_t xb_workload_ops(const struct xb_workload *w, unsigned long size)
{
	uint64_t n = size / w->op_bytes;

	return w->max_ops && w->max_ops < n ? w->max_ops : n;
}

/*
 * Map len bytes of fd at a 2 MiB boundary (pmd) or 4 KiB past one; NULL
 * with errno set on failure. Unmap with munmap(p, len).
 */
static char *map_file(int fd, unsigned long len, int prot, int flags, int pmd)
{
	unsigned long total = len + 2 * XB_PMD, start, at;
	char *res, *p;

	res = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return NULL;
	start = (unsigned long)res;
	at = ((start + XB_PMD - 1) & ~(XB_PMD - 1)) + (pmd ? 0 : XB_PAGE);
	p = mmap((void *)at, len, prot, flags | MAP_FIXED, fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;

		munmap(res, total);
		errno = e;
		return NULL;
	}
	if (at > start)
		munmap(res, at - start);
	munmap((void *)(at + len), start + total - (at + len));
	return p;
}

static void note_inode(struct xb_result *r, int fd)
{
	struct stat st;

	if (r->nino < XB_MAX_INODES && !fstat(fd, &st))
		r->ino[r->nino++] = st.st_ino;
}

/*
 * Preallocate and write size bytes to fd, then sync: extents as large and
 * aligned as the file system allows, and (on DAX) no DAX mapping entries
 * yet, since write(2) does not create them.
 */
static int write_data(int fd, unsigned long size, char *buf)
{
	unsigned long off;

	memset(buf, 0x3c, XB_PMD);
	if (fallocate(fd, 0, 0, size))
		return -errno;
	for (off = 0; off < size; off += XB_PMD)
		if (pwrite(fd, buf, XB_PMD, off) != (ssize_t)XB_PMD)
			return errno ? -errno : -EIO;
	return fsync(fd) ? -errno : 0;
}

/* Open the data file, note its inode, set its page-cache state. */
static int open_data(struct xb_ctx *c, struct xb_result *r, int cold)
{
	int fd = open(c->data, O_RDWR), e = 0;
	unsigned long off;

	if (fd < 0)
		return -errno;
	note_inode(r, fd);
	if (cold)	/* posix_fadvise() returns its error; it does not set errno */
		e = fsync(fd) ? errno : posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	for (off = 0; !cold && !e && off < c->size; off += XB_PMD)
		if (pread(fd, c->buf, XB_PMD, off) < 0)
			e = errno;
	if (e) {
		close(fd);
		return -e;
	}
	return fd;
}

/* A new, empty scratch file (removed by close_scratch). */
static int open_scratch(struct xb_ctx *c, struct xb_result *r)
{
	int fd = open(c->scratch, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -errno;
	note_inode(r, fd);
	return fd;
}

static void close_scratch(struct xb_ctx *c, int fd)
{
	close(fd);
	unlink(c->scratch);
}

static unsigned int *random_order(struct xb_ctx *c, uint64_t n)
{
	unsigned int *o = malloc(n * sizeof(*o)), seed = c->seed, t;
	uint64_t i, j;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++)
		o[i] = i;
	for (i = n - 1; i > 0; i--) {	/* Fisher-Yates */
		j = rand_r(&seed) % (i + 1);
		t = o[i];
		o[i] = o[j];
		o[j] = t;
	}
	return o;
}

enum access { READ_COPY, WRITE_FILL };

/*
 * The mapping loop: operation i copies out of (or fills) op_bytes at
 * order[i] (or i) * op_bytes.
 */
static void map_loop(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
		     char *map, uint64_t n, const unsigned int *order, enum access a)
{
	uint64_t i, t0, start = loop_begin(c);

	for (i = 0; i < n; i++) {
		char *p = map + (order ? order[i] : i) * w->op_bytes;

		t0 = now_ns();
		if (a == READ_COPY)
			memcpy(c->buf, p, w->op_bytes);
		else
			memset(p, (int)i | 1, w->op_bytes);
		c->lat[i] = now_ns() - t0;
	}
	r->ns = now_ns() - start;
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

	if (random && !(order = random_order(c, n)))
		return -ENOMEM;
	map = map_file(fd, len, a == READ_COPY ? PROT_READ : PROT_READ | PROT_WRITE, flags, pmd);
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
static int data_map(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	int fd = open_data(c, r, w->cold), e;

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
	int fd = open_scratch(c, r), e;

	if (fd < 0)
		return fd;
	e = write_data(fd, c->size, c->buf);
	if (!e)
		e = map_run(c, w, r, fd, MAP_SHARED, a, 1, 0);
	close_scratch(c, fd);
	return e;
}

static int pmd_read(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return pmd_run(c, w, r, READ_COPY);
}

static int pmd_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return pmd_run(c, w, r, WRITE_FILL);
}

/* Stores into a new file: sparse (holes) or preallocated (unwritten). */
static int scratch_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r,
			 int prealloc)
{
	int fd = open_scratch(c, r), e;

	if (fd < 0)
		return fd;
	e = prealloc ? fallocate(fd, 0, 0, c->size) : ftruncate(fd, c->size);
	e = e ? -errno : map_run(c, w, r, fd, MAP_SHARED, WRITE_FILL, 0, 0);
	close_scratch(c, fd);
	return e;
}

static int write_hole(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return scratch_store(c, w, r, 0);
}

static int fallocate_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return scratch_store(c, w, r, 1);
}

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
	int fd = open_data(c, r, 0), e = 0;
	char *map = NULL;

	if (fd < 0)
		return fd;
	if (op == IO_STORE_MSYNC &&
	    !(map = map_file(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED, 0))) {
		e = -errno;
		close(fd);
		return e;
	}
	memset(c->buf, 0x5a, w->op_bytes);
	start = loop_begin(c);
	for (i = 0; i < n && !e; i++) {
		t0 = now_ns();
		e = io_one(c, w, op, fd, map, i * w->op_bytes, i);
		c->lat[i] = now_ns() - t0;
	}
	r->ns = now_ns() - start;
	r->ops = r->nlat = e ? i - 1 : i;
	r->bytes = r->ops * w->op_bytes;
	if (map)
		munmap(map, len);
	close(fd);
	return e;
}

static int io_read(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_READ);
}

static int io_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_WRITE);
}

static int msync_store(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_STORE_MSYNC);
}

static int fsync_write(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	return io_run(c, w, r, IO_WRITE_FSYNC);
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
		t0 = now_ns();
		memset(p->map + i * p->w->op_bytes, (int)i | 1, p->w->op_bytes);
		p->c->lat[i] = now_ns() - t0;
	}
	return NULL;
}

static int mt_overwrite(struct xb_ctx *c, const struct xb_workload *w, struct xb_result *r)
{
	uint64_t n = xb_workload_ops(w, c->size), start;
	unsigned long len = n * w->op_bytes;
	int fd = open_data(c, r, 0), t, e = 0, started, go = 0;
	struct mt_part part[c->threads];
	pthread_t tid[c->threads];
	char *map;

	if (fd < 0)
		return fd;
	map = map_file(fd, len, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
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
	start = loop_begin(c);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	r->ns = now_ns() - start;
	munmap(map, len);
	close(fd);
	if (e)
		return e;
	r->ops = r->nlat = n;
	r->bytes = len;
	return 0;
}

const struct xb_workload xb_workloads[] = {
	{ .name = "mmap-read-seq-cold", .op_bytes = XB_PAGE, .run = data_map, .cold = 1,
	  .what = "read a mapping page by page, in order, caches dropped" },
	{ .name = "mmap-read-seq-warm", .op_bytes = XB_PAGE, .run = data_map,
	  .what = "read a mapping page by page, in order, file cached" },
	{ .name = "mmap-read-rand-cold", .op_bytes = XB_PAGE, .run = data_map, .cold = 1,
	  .random = 1, .what = "read a mapping's pages in random order, caches dropped" },
	{ .name = "mmap-read-rand-warm", .op_bytes = XB_PAGE, .run = data_map, .random = 1,
	  .what = "read a mapping's pages in random order, file cached" },
	{ .name = "mmap-write-hole", .op_bytes = XB_PAGE, .run = write_hole,
	  .what = "store to every page of a sparse file: allocating write faults" },
	{ .name = "mmap-overwrite", .op_bytes = XB_PAGE, .run = data_map, .store = 1,
	  .what = "store to every page of a written file through a shared mapping" },
	{ .name = "mmap-cow", .op_bytes = XB_PAGE, .run = data_map, .store = 1, .private_map = 1,
	  .what = "store to every page of a written file through a private mapping (COW)" },
	{ .name = "fallocate-store", .op_bytes = XB_PAGE, .run = fallocate_store,
	  .what = "fallocate a file, then store to every page: unwritten conversion" },
	{ .name = "pmd-read", .op_bytes = XB_PMD, .run = pmd_read,
	  .what = "read a newly written file through a 2 MiB-aligned mapping, 2 MiB at a time" },
	{ .name = "pmd-overwrite", .op_bytes = XB_PMD, .run = pmd_write,
	  .what = "store to a newly written file through a 2 MiB-aligned mapping, 2 MiB at a time" },
	{ .name = "read-4k", .op_bytes = 4096, .run = io_read,
	  .what = "pread(2) 4 KiB at a time, in order, file cached" },
	{ .name = "read-64k", .op_bytes = 65536, .run = io_read,
	  .what = "pread(2) 64 KiB at a time, in order, file cached" },
	{ .name = "read-2m", .op_bytes = XB_PMD, .run = io_read,
	  .what = "pread(2) 2 MiB at a time, in order, file cached" },
	{ .name = "write-4k", .op_bytes = 4096, .run = io_write,
	  .what = "pwrite(2) over written data 4 KiB at a time, in order" },
	{ .name = "write-64k", .op_bytes = 65536, .run = io_write,
	  .what = "pwrite(2) over written data 64 KiB at a time, in order" },
	{ .name = "write-2m", .op_bytes = XB_PMD, .run = io_write,
	  .what = "pwrite(2) over written data 2 MiB at a time, in order" },
	{ .name = "msync-4k", .op_bytes = XB_PAGE, .max_ops = 1024, .run = msync_store,
	  .what = "store to a page of a shared mapping, then msync(MS_SYNC) it" },
	{ .name = "fsync-4k", .op_bytes = XB_PAGE, .max_ops = 256, .run = fsync_write,
	  .what = "pwrite(2) 4 KiB, then fsync(2)" },
	{ .name = "mt-overwrite", .op_bytes = XB_PAGE, .run = mt_overwrite,
	  .what = "threads store to their own parts of one shared mapping" },
};

const size_t xb_nr_workloads = sizeof(xb_workloads) / sizeof(xb_workloads[0]);

const struct xb_workload *xb_workload_find(const char *name)
{
	size_t i;

	for (i = 0; i < xb_nr_workloads; i++)
		if (!strcmp(xb_workloads[i].name, name))
			return &xb_workloads[i];
	return NULL;
}

int xb_ctx_open(struct xb_ctx *c, const char *dir, unsigned long size, int threads)
{
	int fd, e;

	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->size = size;
	c->threads = threads;
	c->seed = 1;
	snprintf(c->data, sizeof(c->data), "%s/xipbench-data", dir);
	snprintf(c->scratch, sizeof(c->scratch), "%s/xipbench-scratch", dir);
	/*
	 * Page-aligned, not 2 MiB-aligned: measured under QEMU TCG, read(2)
	 * from DAX into a 2 MiB-aligned buffer ran 15 times slower than into
	 * a page-aligned one (the kernel's copy loop, not the file system).
	 * fio's buffers are not even page-aligned by default (malloc's, 16
	 * bytes past a page): the fio comparison gives it --iomem_align=4k.
	 */
	c->buf = aligned_alloc(XB_PAGE, XB_PMD);
	c->lat = malloc(size / XB_PAGE * sizeof(*c->lat));
	if (!c->buf || !c->lat) {
		xb_ctx_close(c);
		return -ENOMEM;
	}
	fd = open(c->data, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		e = -errno;
		xb_ctx_close(c);
		return e;
	}
	e = write_data(fd, size, c->buf);
	close(fd);
	if (e) {
		unlink(c->data);
		xb_ctx_close(c);
	}
	return e;
}

void xb_ctx_close(struct xb_ctx *c)
{
	if (c->data[0])
		unlink(c->data);
	unlink(c->scratch);
	free(c->buf);
	free(c->lat);
	c->buf = NULL;
	c->lat = NULL;
	c->data[0] = 0;
}
