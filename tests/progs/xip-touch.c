// SPDX-License-Identifier: GPL-2.0
/*
 * xip-touch: fault in every page of a file mapping in a known way, so the
 * number of page faults it causes is known exactly.
 *
 *   xip-touch [options] FILE
 *     -s SIZE     map SIZE bytes (k, m, g suffixes); default: the file size
 *     -o OFFSET   map from this file offset (page aligned); default 0
 *     -m MODE     read | write | private (MAP_PRIVATE write: copy-on-write) |
 *                 private-rw (MAP_PRIVATE: every page read, then written: a
 *                 write-protect fault copies what the read mapped)
 *     -c          create FILE and set its size to OFFSET+SIZE (a hole)
 *     -f          fill OFFSET..OFFSET+SIZE with write(2) first, so the range
 *                 holds data, not holes; unmapped again before touching
 *     -a          map at a 2 MiB aligned address (allows PMD faults)
 *     -A          map 4 KiB past a 2 MiB boundary (forbids PMD faults)
 *     -n          madvise(MADV_NOHUGEPAGE): THP off for the mapping
 *     -N          prctl(PR_SET_THP_DISABLE): THP off for the whole process
 *     -w          after touching, print "holding" and keep the mapping
 *                 until SIGTERM or SIGINT (then exit 0)
 *     -S STRIDE   touch one byte every STRIDE bytes (default 4096)
 *     -l LIMIT    touch only the first LIMIT bytes of the mapping
 *     -q          print nothing on success
 *
 * Prints "touched N pages of FILE (MODE)" and exits 0; on error, a one-line
 * message and exit 1 (2 for bad usage).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xip-size.h"

#define SZ_2M (2UL << 20)

static const char *prog = "xip-touch";

static void usage(void)
{
	fprintf(stderr, "usage: %s [-s SIZE] [-o OFFSET] [-m read|write|private|private-rw] [-c] [-f] [-a|-A] [-n] [-N] [-w] [-S STRIDE] [-l LIMIT] [-q] FILE\n",
		prog);
	exit(2);
}

/* Reserve twice the size, then place the mapping at the wanted alignment. */
static void *aligned_hint(unsigned long size, unsigned long extra)
{
	unsigned long span = size + SZ_2M * 2;
	void *p = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	munmap(p, span);
	a = ((uintptr_t)p + SZ_2M - 1) & ~(SZ_2M - 1);
	return (void *)(a + extra);
}

static int fill(int fd, unsigned long off, unsigned long size)
{
	static char buf[1 << 16];
	unsigned long done = 0;

	memset(buf, 0xa5, sizeof(buf));
	while (done < size) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		ssize_t w = pwrite(fd, buf, n, off + done);

		if (w < 0)
			return -1;
		done += w;
	}
	return fsync(fd);
}

int main(int argc, char **argv)
{
	unsigned long size = 0, off = 0, stride = 4096, limit = 0, i, pages = 0;
	int create = 0, dofill = 0, quiet = 0, align = 0, nohuge = 0, nothp = 0, hold = 0, opt, fd, flags, prot;
	const char *mode = "read";
	volatile char *map;
	void *hint = NULL;
	struct stat st;

	while ((opt = getopt(argc, argv, "s:o:m:cfaAnNwS:l:qh")) != -1) {
		switch (opt) {
		case 's': if (parse_size(optarg, &size)) usage(); break;
		case 'o': if (parse_size(optarg, &off)) usage(); break;
		case 'S': if (parse_size(optarg, &stride) || !stride) usage(); break;
		case 'm': mode = optarg; break;
		case 'c': create = 1; break;
		case 'f': dofill = 1; break;
		case 'a': align = 1; break;
		case 'A': align = 2; break;
		case 'n': nohuge = 1; break;
		case 'N': nothp = 1; break;
		case 'w': hold = 1; break;
		case 'l': if (parse_size(optarg, &limit)) usage(); break;
		case 'q': quiet = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || off % 4096)
		usage();
	if (strcmp(mode, "read") && strcmp(mode, "write") && strcmp(mode, "private") &&
	    strcmp(mode, "private-rw"))
		usage();

	fd = open(argv[optind], O_RDWR | (create ? O_CREAT : 0), 0644);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: %s: %s\n", prog, argv[optind], strerror(errno));
		return 1;
	}
	if (!size)
		size = st.st_size > (off_t)off ? st.st_size - off : 0;
	if (!size) {
		fprintf(stderr, "%s: %s: nothing to map (empty file; use -c -s SIZE)\n", prog, argv[optind]);
		return 1;
	}
	if (create && (off_t)(off + size) > st.st_size && ftruncate(fd, off + size)) {
		fprintf(stderr, "%s: ftruncate %s: %s\n", prog, argv[optind], strerror(errno));
		return 1;
	}
	if (dofill && fill(fd, off, size)) {
		fprintf(stderr, "%s: filling %s: %s\n", prog, argv[optind], strerror(errno));
		return 1;
	}
	if (align)
		hint = aligned_hint(size, align == 2 ? 4096 : 0);

	prot = PROT_READ | (strcmp(mode, "read") ? PROT_WRITE : 0);
	flags = strncmp(mode, "private", 7) ? MAP_SHARED : MAP_PRIVATE;
	map = mmap(hint, size, prot, flags | (hint ? MAP_FIXED_NOREPLACE : 0), fd, off);
	if (map == MAP_FAILED) {
		fprintf(stderr, "%s: mmap %s: %s\n", prog, argv[optind], strerror(errno));
		return 1;
	}
	if (nothp && prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)) {
		fprintf(stderr, "%s: prctl(PR_SET_THP_DISABLE): %s\n", prog, strerror(errno));
		return 1;
	}
	if (nohuge && madvise((void *)map, size, MADV_NOHUGEPAGE)) {
		fprintf(stderr, "%s: madvise: %s\n", prog, strerror(errno));
		return 1;
	}
	if (!limit || limit > size)
		limit = size;
	for (i = 0; !strcmp(mode, "private-rw") && i < limit; i += stride)
		(void)*(volatile char *)&map[i];	/* mapped read-only: private */
	for (i = 0; i < limit; i += stride) {
		if (prot & PROT_WRITE)
			map[i] = (char)i;
		else
			(void)map[i];
		pages++;
	}
	if (hold) {
		sigset_t set;
		int sig;

		/* the mapping stays for whoever looks at /proc (xiptop doctor) */
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGINT);
		sigprocmask(SIG_BLOCK, &set, NULL);
		printf("holding %lu pages of %s\n", pages, argv[optind]);
		fflush(stdout);
		sigwait(&set, &sig);
	}
	if (munmap((void *)map, size) || close(fd)) {
		fprintf(stderr, "%s: unmap/close %s: %s\n", prog, argv[optind], strerror(errno));
		return 1;
	}
	if (!quiet)
		printf("touched %lu pages of %s (%s)\n", pages, argv[optind], mode);
	return 0;
}
