// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop: live per-file DAX fault counts.
 *
 *   xiptop --json [INTERVAL [COUNT]]
 *
 * Prints, every INTERVAL seconds (default 1), COUNT times (default: until
 * SIGINT or SIGTERM, when a last interval is printed), one JSON object per
 * line with the faults each file took during the interval.
 */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "xiptop.h"
#include "xiptop.skel.h"

static const char *const kind_names[XIP_NR_KINDS] = {
	[XIP_PTE_READ] = "pte_read",
	[XIP_PTE_WRITE] = "pte_write",
	[XIP_PMD_READ] = "pmd_read",
	[XIP_PMD_WRITE] = "pmd_write",
	[XIP_PMD_FALLBACK] = "pmd_fallback",
	[XIP_HOLE] = "hole",
	[XIP_COW] = "cow",
	[XIP_MAJOR] = "major",
};

/* dax_pmd_fallback's reasons, in the kernel series' order */
static const char *const fallback_names[XIP_NR_FALLBACK_REASONS] = {
	"none", "misaligned", "private_write", "vma_range", "beyond_eof",
	"pte_entry", "iomap_error", "extent", "zero_pmd", "pfn",
};

/* Which of the kernel series' events the running kernel has. */
static struct {
	int fallback, zero, io;
} have;

static struct env {
	double interval;
	long count;
	int json;
	int max_files;
} env = { .interval = 1, .count = -1, .max_files = 10240 };

static volatile sig_atomic_t stop;

static const struct argp_option options[] = {
	{ "json", 'j', NULL, 0, "one JSON object per interval (the only output so far)", 0 },
	{ "max-files", 'M', "N", 0, "files tracked at most (default 10240)", 0 },
	{},
};

static error_t parse_arg(int key, char *arg, struct argp_state *state)
{
	static int pos;
	char *end;

	switch (key) {
	case 'j':
		env.json = 1;
		break;
	case 'M':
		env.max_files = strtol(arg, &end, 10);
		if (*end || env.max_files < 1)
			argp_error(state, "--max-files takes a positive number");
		break;
	case ARGP_KEY_ARG:
		if (pos == 0) {
			env.interval = strtod(arg, &end);
			if (*end || env.interval <= 0)
				argp_error(state, "INTERVAL must be a positive number of seconds");
		} else if (pos == 1) {
			env.count = strtol(arg, &end, 10);
			if (*end || env.count < 1)
				argp_error(state, "COUNT must be a positive number");
		} else {
			argp_error(state, "too many arguments");
		}
		pos++;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct snapshot {
	struct xip_file_key key;
	struct xip_file_stats st;
};

static int cmp_key(const void *a, const void *b)
{
	const struct xip_file_key *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* a += sign * b, field by field */
static void add_stats(struct xip_file_stats *a, const struct xip_file_stats *b, int sign)
{
	int i;

	for (i = 0; i < XIP_NR_KINDS; i++)
		a->count[i] += sign * b->count[i];
	for (i = 0; i < XIP_NR_FALLBACK_REASONS; i++)
		a->fallback[i] += sign * b->fallback[i];
	a->zero_count += sign * b->zero_count;
	a->zero_bytes += sign * b->zero_bytes;
	for (i = 0; i < XIP_NR_DIRS; i++) {
		a->io_count[i] += sign * b->io_count[i];
		a->io_bytes[i] += sign * b->io_bytes[i];
	}
}

/* Sum the per-CPU values of every file into *out; returns the count. */
static int read_files(int fd, int ncpus, struct snapshot **out, int *cap)
{
	struct xip_file_key key, next, *prev = NULL;
	struct xip_file_stats *percpu = calloc(ncpus, sizeof(*percpu));
	int n = 0, c;

	if (!percpu)
		return -ENOMEM;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, percpu))
			continue;	/* deleted meanwhile */
		if (n == *cap) {
			int grown = *cap ? *cap * 2 : 256;
			struct snapshot *bigger = realloc(*out, grown * sizeof(**out));

			if (!bigger) {
				free(percpu);
				return -ENOMEM;
			}
			*out = bigger;
			*cap = grown;
		}
		memset(&(*out)[n], 0, sizeof((*out)[n]));
		(*out)[n].key = key;
		for (c = 0; c < ncpus; c++)
			add_stats(&(*out)[n].st, &percpu[c], 1);
		n++;
	}
	free(percpu);
	qsort(*out, n, sizeof(**out), cmp_key);	/* key is the first member */
	return n;
}

/* Snapshots are sorted by key (read_files()), so lookups are O(log n). */
static const struct xip_file_stats *find(const struct snapshot *s, int n, const struct xip_file_key *key)
{
	const struct snapshot *hit = bsearch(key, s, n, sizeof(*s), cmp_key);

	return hit ? &hit->st : NULL;
}

static __u64 read_dropped(int fd, int ncpus)
{
	__u64 *v = calloc(ncpus, sizeof(*v)), sum = 0;
	__u32 zero = 0;

	if (v && !bpf_map_lookup_elem(fd, &zero, v))
		for (int c = 0; c < ncpus; c++)
			sum += v[c];
	free(v);
	return sum;
}

/* A count, or null when the running kernel cannot tell it. */
static void print_u64(const char *name, __u64 v, int available)
{
	if (available)
		printf(",\"%s\":%llu", name, (unsigned long long)v);
	else
		printf(",\"%s\":null", name);
}

static void print_fallbacks(const struct xip_file_stats *d)
{
	int first = 1;

	if (!have.fallback) {
		printf(",\"fallback_reasons\":null");
		return;
	}
	printf(",\"fallback_reasons\":{");
	for (int r = 0; r < XIP_NR_FALLBACK_REASONS; r++) {
		if (!d->fallback[r])
			continue;
		printf("%s\"%s\":%llu", first ? "" : ",", fallback_names[r], (unsigned long long)d->fallback[r]);
		first = 0;
	}
	printf("}");
}

static void print_json(double t, const struct snapshot *cur, int n, const struct snapshot *old, int nold,
		       __u64 dropped)
{
	int first = 1;

	printf("{\"time\":%.3f,\"interval\":%.3f,\"dropped\":%llu,\"files\":[", t, env.interval,
	       (unsigned long long)dropped);
	for (int i = 0; i < n; i++) {
		const struct xip_file_stats *o = find(old, nold, &cur[i].key);
		struct xip_file_stats d = cur[i].st;
		static const struct xip_file_stats none;

		if (o)
			add_stats(&d, o, -1);
		if (!memcmp(&d, &none, sizeof(d)))
			continue;
		printf("%s{\"dev\":\"%u:%u\",\"ino\":%llu", first ? "" : ",", cur[i].key.dev >> 20,
		       cur[i].key.dev & ((1U << 20) - 1), (unsigned long long)cur[i].key.ino);
		for (int k = 0; k < XIP_NR_KINDS; k++)
			printf(",\"%s\":%llu", kind_names[k], (unsigned long long)d.count[k]);
		print_fallbacks(&d);
		print_u64("zero_count", d.zero_count, have.zero);
		print_u64("zero_bytes", d.zero_bytes, have.zero);
		print_u64("read_count", d.io_count[XIP_READ], have.io);
		print_u64("read_bytes", d.io_bytes[XIP_READ], have.io);
		print_u64("write_count", d.io_count[XIP_WRITE], have.io);
		print_u64("write_bytes", d.io_bytes[XIP_WRITE], have.io);
		printf("}");
		first = 0;
	}
	printf("]}\n");
	fflush(stdout);
}

/* A tracepoint exists when the kernel's BTF has its btf_trace_ typedef. */
static int kernel_has_event(const struct btf *vmlinux, const char *name)
{
	char type[128];

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	return btf__find_by_name_kind(vmlinux, type, BTF_KIND_TYPEDEF) > 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return level == LIBBPF_WARN && getenv("XIPTOP_DEBUG") ? vfprintf(stderr, fmt, args) : 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.options = options,
		.parser = parse_arg,
		.args_doc = "[INTERVAL [COUNT]]",
		.doc = "xiptop: live per-file DAX (XIP) fault counts.",
	};
	struct snapshot *cur = NULL, *old = NULL, *tmp;
	int ncur = 0, nold = 0, capcur = 0, capold = 0, swap_cap, ncpus, err, fd;
	struct xiptop_bpf *skel;
	struct btf *vmlinux;
	struct timespec t0, now;
	long printed = 0;

	if (argp_parse(&argp, argc, argv, 0, NULL, NULL))
		return 2;
	if (!env.json) {
		fprintf(stderr, "xiptop: only --json output exists so far: run 'xiptop --json'\n");
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "xiptop: needs root (or CAP_BPF and CAP_PERFMON): run it with sudo\n");
		return 1;
	}
	libbpf_set_print(libbpf_quiet);
	ncpus = libbpf_num_possible_cpus();
	if (ncpus < 1) {
		fprintf(stderr, "xiptop: cannot count possible CPUs\n");
		return 1;
	}
	/* Parsed once: it is large, and every event probe below reads it. */
	vmlinux = access("/sys/kernel/btf/vmlinux", R_OK) ? NULL : btf__load_vmlinux_btf();
	if (!vmlinux) {
		fprintf(stderr, "xiptop: the kernel has no BTF (/sys/kernel/btf/vmlinux): it needs CONFIG_DEBUG_INFO_BTF=y\n");
		return 1;
	}
	if (!kernel_has_event(vmlinux, "dax_pte_fault_done")) {
		fprintf(stderr, "xiptop: the kernel has no fs_dax events: it needs CONFIG_FS_DAX=y\n");
		btf__free(vmlinux);
		return 1;
	}
	have.fallback = kernel_has_event(vmlinux, "dax_pmd_fallback");
	have.zero = kernel_has_event(vmlinux, "dax_zero_blocks");
	have.io = kernel_has_event(vmlinux, "dax_iomap_rw_done");
	btf__free(vmlinux);

	skel = xiptop_bpf__open();
	if (!skel) {
		fprintf(stderr, "xiptop: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	bpf_map__set_max_entries(skel->maps.files, env.max_files);
	/* The kernel series' events: load their programs only where they exist. */
	bpf_program__set_autoload(skel->progs.pmd_fallback, have.fallback);
	bpf_program__set_autoload(skel->progs.zero_blocks, have.zero);
	bpf_program__set_autoload(skel->progs.iomap_rw_done, have.io);
	err = xiptop_bpf__load(skel);
	if (!err)
		err = xiptop_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "xiptop: cannot load or attach the BPF programs: %s (XIPTOP_DEBUG=1 says more)\n",
			strerror(-err));
		xiptop_bpf__destroy(skel);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, on_signal);
	fd = bpf_map__fd(skel->maps.files);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!stop && (env.count < 0 || printed < env.count)) {
		struct timespec ts = { (time_t)env.interval, (long)((env.interval - (time_t)env.interval) * 1e9) };

		nanosleep(&ts, NULL);	/* a signal ends the interval early */
		ncur = read_files(fd, ncpus, &cur, &capcur);
		if (ncur < 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		print_json(now.tv_sec - t0.tv_sec + (now.tv_nsec - t0.tv_nsec) / 1e9, cur, ncur, old, nold,
			   read_dropped(bpf_map__fd(skel->maps.dropped), ncpus));
		printed++;
		tmp = old; old = cur; cur = tmp;
		nold = ncur;
		swap_cap = capold; capold = capcur; capcur = swap_cap;
	}
	xiptop_bpf__destroy(skel);
	free(cur);
	free(old);
	return ncur < 0 ? 1 : 0;
}
