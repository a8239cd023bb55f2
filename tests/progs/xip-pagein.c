// SPDX-License-Identifier: GPL-2.0
/*
 * xip-pagein: many page-cache faults sleeping at once. THREADS threads
 * each read one byte of a shared mapping of FILE, pages STRIDE bytes
 * apart (one page each), all released together by a barrier; the mapping
 * is MADV_RANDOM, so no readahead joins two faults. On a file whose reads
 * sleep (9p: the host answers them), each thread waits inside
 * filemap_fault() while the others enter it: more calls under way at once
 * than a kretprobe has instances.
 *
 *   xip-pagein [-t THREADS] [-S STRIDE] FILE
 *
 * THREADS defaults to 64, STRIDE to 1m; FILE must hold THREADS * STRIDE
 * bytes. Prints "faulted N pages of FILE"; exits 1 on error, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xip-size.h"

static pthread_barrier_t go;
static volatile char *map;
static unsigned long stride = 1UL << 20;
static volatile char sink;

static void *reader(void *arg)
{
	unsigned long i = (unsigned long)arg;

	pthread_barrier_wait(&go);
	sink = map[i * stride];
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long threads = 64, i;
	pthread_t *tid;
	struct stat st;
	int opt, fd, err;

	while ((opt = getopt(argc, argv, "t:S:")) != -1) {
		switch (opt) {
		case 't':
			threads = strtoul(optarg, NULL, 0);
			break;
		case 'S':
			if (parse_size(optarg, &stride))
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || !threads || threads > 4096 || stride < 4096 || stride % 4096)
		goto usage;
	fd = open(argv[optind], O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "xip-pagein: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if ((unsigned long)st.st_size < threads * stride) {
		fprintf(stderr, "xip-pagein: %s: %lu bytes, not the %lu that %lu threads %lu apart need\n",
			argv[optind], (unsigned long)st.st_size, threads * stride, threads, stride);
		return 1;
	}
	map = mmap(NULL, threads * stride, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED || madvise((void *)map, threads * stride, MADV_RANDOM)) {
		fprintf(stderr, "xip-pagein: mmap: %s\n", strerror(errno));
		return 1;
	}
	tid = calloc(threads, sizeof(*tid));
	if (!tid || pthread_barrier_init(&go, NULL, threads)) {
		fprintf(stderr, "xip-pagein: out of memory\n");
		return 1;
	}
	for (i = 0; i < threads; i++) {
		err = pthread_create(&tid[i], NULL, reader, (void *)i);
		if (err) {
			fprintf(stderr, "xip-pagein: pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	for (i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	printf("faulted %lu pages of %s\n", threads, argv[optind]);
	return 0;
usage:
	fprintf(stderr, "usage: xip-pagein [-t THREADS] [-S STRIDE] FILE\n");
	return 2;
}
