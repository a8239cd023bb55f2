// SPDX-License-Identifier: GPL-2.0
/*
 * What every workload's run stands on (see run.h): the data and scratch
 * files, mappings at chosen alignments, the clock, random orders, and the
 * context that holds them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/fs.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "run.h"
#include "workloads.h"

uint64_t xb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Where the timed loop starts: what a run reports starts here too. */
uint64_t xb_loop_begin(struct xb_ctx *c)
{
	if (c->loop_begins)
		c->loop_begins(c->loop_arg);
	return xb_now_ns();
}

/*
 * Map len bytes of fd at a 2 MiB boundary (pmd) or 4 KiB past one; NULL
 * with errno set on failure. Unmap with munmap(p, len).
 */
char *xb_map_file(int fd, unsigned long len, int prot, int flags, int pmd)
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

void xb_note_inode(struct xb_result *r, int fd)
{
	unsigned int gen = 0;
	struct stat st;

	if (r->nino >= XB_MAX_INODES || fstat(fd, &st))
		return;
	/* the inode's generation: with its number, what xiptop's rows are keyed by */
	if (ioctl(fd, FS_IOC_GETVERSION, &gen))
		gen = 0;
	r->ino[r->nino] = st.st_ino;
	r->gen[r->nino++] = gen;
}

/*
 * Preallocate and write size bytes to fd, then sync: extents as large and
 * aligned as the file system allows, and (on DAX) no DAX mapping entries
 * yet, since write(2) does not create them.
 */
int xb_write_data(int fd, unsigned long size, char *buf)
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
int xb_open_data(struct xb_ctx *c, struct xb_result *r, int cold)
{
	int fd = open(c->data, O_RDWR), e = 0;
	unsigned long off;

	if (fd < 0)
		return -errno;
	xb_note_inode(r, fd);
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
int xb_open_scratch(struct xb_ctx *c, struct xb_result *r)
{
	/* its name was made unique when the run began; O_EXCL: still ours */
	int fd = open(c->scratch, O_RDWR | O_CREAT | O_EXCL, 0644);

	if (fd < 0)
		return -errno;
	xb_note_inode(r, fd);
	return fd;
}

void xb_close_scratch(struct xb_ctx *c, int fd)
{
	close(fd);
	unlink(c->scratch);
}

unsigned int *xb_random_order(struct xb_ctx *c, uint64_t n)
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

/*
 * The data file, created under a name of its own (its fd, or -errno), and
 * a scratch name reserved the same way and left free for the workloads.
 * c->data is empty unless both names are whole and the file made.
 */
static int make_names(struct xb_ctx *c)
{
	int fd, sfd, e;

	if (snprintf(c->data, sizeof(c->data), "%s/xipbench-data.XXXXXX", c->dir) >= PATH_MAX ||
	    snprintf(c->scratch, sizeof(c->scratch), "%s/xipbench-scratch.XXXXXX", c->dir) >= PATH_MAX) {
		c->data[0] = 0;		/* a cut name is not ours to remove */
		return -ENAMETOOLONG;
	}
	fd = mkstemp(c->data);
	if (fd < 0) {
		e = -errno;
		c->data[0] = 0;
		return e;
	}
	sfd = mkstemp(c->scratch);
	if (sfd < 0) {
		e = -errno;
		close(fd);
		unlink(c->data);
		c->data[0] = 0;
		return e;
	}
	close(sfd);
	unlink(c->scratch);
	return fd;
}

/*
 * Remove what ctx made; safe in a signal handler, which never sees the
 * names half made (xb_ctx_open() blocks the signals around make_names()).
 */
void xb_ctx_remove_files(struct xb_ctx *c)
{
	if (!c->data[0])
		return;
	unlink(c->data);
	unlink(c->scratch);
}

int xb_ctx_open(struct xb_ctx *c, const char *dir, unsigned long size, int threads)
{
	sigset_t block, old;
	int fd, e;

	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->size = size;
	c->threads = threads;
	c->seed = 1;
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
	/*
	 * Not while a signal handler could remove them: between mkstemp()
	 * and the names being whole, it would remove the wrong ones, or none.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = make_names(c);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		e = fd;
		xb_ctx_close(c);
		return e;
	}
	e = xb_write_data(fd, size, c->buf);
	close(fd);
	if (e) {
		unlink(c->data);
		xb_ctx_close(c);
	}
	return e;
}

void xb_ctx_close(struct xb_ctx *c)
{
	xb_ctx_remove_files(c);
	free(c->buf);
	free(c->lat);
	c->buf = NULL;
	c->lat = NULL;
	c->data[0] = 0;
}
