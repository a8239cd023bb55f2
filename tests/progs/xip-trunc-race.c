// SPDX-License-Identifier: GPL-2.0
/*
 * xip-trunc-race: faults racing truncate must see current data, zeroes or
 * SIGBUS, never stale data. (The 2014 XIP rewrite's review found faults
 * that raced truncate mapping blocks the truncate had just freed.)
 *
 *   xip-trunc-race FILE ROUNDS
 *
 * A writer fills FILE (SIZE bytes) with generation g (byte value g),
 * truncates the file to one page, extends it back (a hole again), then
 * publishes g: from then on no byte g may be read past the first page. A
 * reader faults those pages through a shared mapping and checks each byte
 * it reads: 0 (a hole), or a generation newer than the one published when
 * the read began. Anything else is stale data. Reads past EOF (between
 * truncate and extend) must raise SIGBUS, which is caught and counted.
 * ROUNDS is at most 255, so that a byte names its generation.
 *
 * Prints "rounds R reads N sigbus S stale 0" and exits 0, or exits 1 at the
 * first stale read, naming it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL
#define SIZE (64 * PAGE)

static int fd;
static volatile unsigned char *map;
static atomic_uint published;	/* newest generation truncated away */
static atomic_int done;
static unsigned long rounds;
static __thread sigjmp_buf jb;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(jb, 1);
}

static void *writer(void *arg)
{
	static unsigned char buf[SIZE];
	unsigned int g;

	(void)arg;
	for (g = 1; g <= rounds; g++) {
		memset(buf, g, sizeof(buf));
		if (pwrite(fd, buf, SIZE, 0) != (ssize_t)SIZE ||
		    ftruncate(fd, PAGE) || ftruncate(fd, SIZE)) {
			perror("xip-trunc-race: writer");
			exit(1);
		}
		atomic_store(&published, g);
	}
	atomic_store(&done, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	/* static: they must survive siglongjmp() out of the SIGBUS handler */
	static unsigned long reads, sigbus, off = PAGE;
	struct sigaction sa = { .sa_handler = on_sigbus };
	pthread_t t;

	rounds = argc == 3 ? strtoul(argv[2], NULL, 0) : 0;
	if (!rounds || rounds > 255) {
		fprintf(stderr, "usage: xip-trunc-race FILE ROUNDS (1 to 255)\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, SIZE)) {
		fprintf(stderr, "xip-trunc-race: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	map = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "xip-trunc-race: mmap: %s\n", strerror(errno));
		return 1;
	}
	sigaction(SIGBUS, &sa, NULL);
	if (pthread_create(&t, NULL, writer, NULL)) {
		fprintf(stderr, "xip-trunc-race: cannot start the writer\n");
		return 1;
	}
	while (!atomic_load(&done)) {
		unsigned int g0 = atomic_load(&published);
		unsigned char v;

		if (sigsetjmp(jb, 1)) {
			sigbus++;
			continue;
		}
		v = map[off];
		reads++;
		/* generations up to g0 were truncated before the read began */
		if (v && v <= g0) {
			fprintf(stderr, "xip-trunc-race: stale data at offset %lu: byte %u, generation published %u\n",
				off, v, g0);
			return 1;
		}
		off += PAGE;
		if (off >= SIZE)
			off = PAGE;
	}
	pthread_join(t, NULL);
	printf("rounds %lu reads %lu sigbus %lu stale 0\n", rounds, reads, sigbus);
	return 0;
}
