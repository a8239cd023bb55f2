// SPDX-License-Identifier: GPL-2.0
/* xiptop's kernel side from user space (see kernel.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "kernel.h"
#include "xiptop.skel.h"

/* The fs_dax events xiptop uses; "series" ones come from the xip patches. */
static const struct xt_event {
	const char *name;
	int series;
	int start;		/* a start event: only needed for latencies */
} events[] = {
	{ "dax_pte_fault", 0, 1 },
	{ "dax_pmd_fault", 0, 1 },
	{ "dax_pte_fault_done", 0, 0 },
	{ "dax_pmd_fault_done", 0, 0 },
	{ "dax_load_hole", 0, 0 },
	{ "dax_pmd_load_hole", 0, 0 },
	{ "dax_fault_cow", 1, 0 },
	{ "dax_pmd_fallback", 1, 0 },
	{ "dax_zero_blocks", 1, 0 },
	{ "dax_iomap_rw", 1, 1 },
	{ "dax_iomap_rw_done", 1, 0 },
};
#define NR_EVENTS (sizeof(events) / sizeof(events[0]))

/* Entry points in the BPF object, by hook: prefix + event name. */
static const char *const hook_prefix[XT_NR_HOOKS] = {
	[XT_HOOK_TP_BTF] = "btf_", [XT_HOOK_RAW_TP] = "raw_", [XT_HOOK_TP] = "tp_",
};

struct xt_kernel {
	struct xiptop_bpf *skel;
	enum xt_hook hook;
	struct xt_have have;
	int ncpus;		/* possible CPUs: what per-CPU maps hold values for */
	int max_files;		/* --max-files, or the default for ncpus */
	/* batch buffers, grown as needed */
	void *keys, *values;
	size_t keys_size, values_size;
};

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return level <= LIBBPF_WARN && getenv("XIPTOP_DEBUG") ? vfprintf(stderr, fmt, args) : 0;
}

/* The tracepoint's BTF type id (btf_trace_NAME), or <= 0 if it has none. */
static int event_btf_id(const struct btf *vmlinux, const char *name)
{
	char type[128];

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	return btf__find_by_name_kind(vmlinux, type, BTF_KIND_TYPEDEF);
}

/* Can the kernel load a tp_btf program for this event? (Load an empty one.) */
static int probe_tp_btf(int btf_id)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_RAW_TP,
		    .attach_btf_id = btf_id);
	int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &opts);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* Does tracefs have the classic tracepoint? */
static int probe_tp(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/fs_dax/%s/id", name);
	if (!access(path, R_OK))
		return 1;
	snprintf(path, sizeof(path), "/sys/kernel/debug/tracing/events/fs_dax/%s/id", name);
	return !access(path, R_OK);
}

static struct bpf_program *prog(struct xt_kernel *k, enum xt_hook hook, const char *event)
{
	char name[128];

	snprintf(name, sizeof(name), "%s%s", hook_prefix[hook], event);
	return bpf_object__find_program_by_name(k->skel->obj, name);
}

/* Pick the hook, and which events exist; 0 or -1 with err set. */
static int choose(struct xt_kernel *k, const struct xt_env *env, int present[NR_EVENTS], char *err,
		  size_t errlen)
{
	struct btf *vmlinux = NULL;
	int core_id;
	size_t i;

	if (access("/sys/kernel/btf/vmlinux", R_OK) || !(vmlinux = btf__load_vmlinux_btf()))
		return xt_errorf(err, errlen,
			    "the kernel has no BTF (/sys/kernel/btf/vmlinux): it needs CONFIG_DEBUG_INFO_BTF=y");
	core_id = event_btf_id(vmlinux, "dax_pte_fault_done");
	if (core_id <= 0) {
		btf__free(vmlinux);
		return xt_errorf(err, errlen,
			    "the kernel has no fs_dax events: it needs CONFIG_FS_DAX=y (and a DAX file system)");
	}
	for (i = 0; i < NR_EVENTS; i++)
		present[i] = event_btf_id(vmlinux, events[i].name) > 0;
	/* PMD major accounting came with the series' first patches. */
	k->have.major_pmd = event_btf_id(vmlinux, "dax_fault_major") > 0;
	k->hook = env->hook;
	if (k->hook == XT_HOOK_AUTO)
		k->hook = probe_tp_btf(core_id) ? XT_HOOK_TP_BTF : XT_HOOK_RAW_TP;
	else if (k->hook == XT_HOOK_TP_BTF && !probe_tp_btf(core_id))
		xt_errorf(err, errlen, "this kernel cannot load tp_btf programs: try --hook raw_tp");
	else if (k->hook == XT_HOOK_TP && !probe_tp("dax_pte_fault_done"))
		xt_errorf(err, errlen, "no fs_dax tracepoints in tracefs (is it mounted?): try --hook raw_tp");
	btf__free(vmlinux);
	if (err[0])
		return -1;
	if (k->hook == XT_HOOK_TP)	/* an event may have BTF but no tracefs entry */
		for (i = 0; i < NR_EVENTS; i++)
			present[i] = present[i] && probe_tp(events[i].name);
	return 0;
}

struct xt_kernel *xt_kernel_open(const struct xt_env *env, unsigned int kdev, char *err,
				 size_t errlen)
{
	int present[NR_EVENTS];
	struct xt_kernel *k;
	size_t i;
	int h, e;

	err[0] = 0;
	if (geteuid() != 0) {
		xt_errorf(err, errlen, "needs root (or CAP_BPF and CAP_PERFMON): run it with sudo");
		return NULL;
	}
	libbpf_set_print(libbpf_quiet);
	k = calloc(1, sizeof(*k));
	if (!k) {
		xt_errorf(err, errlen, "out of memory");
		return NULL;
	}
	k->ncpus = libbpf_num_possible_cpus();
	if (k->ncpus < 1) {
		xt_errorf(err, errlen, "cannot count the possible CPUs: %s", strerror(-k->ncpus));
		goto out;
	}
	if (choose(k, env, present, err, errlen))
		goto out;
	k->skel = xiptop_bpf__open();
	if (!k->skel) {
		xt_errorf(err, errlen, "cannot open the BPF object: %s", strerror(errno));
		goto out;
	}
	k->skel->rodata->timing = env->timing;
	k->skel->rodata->per_process = env->per_process;
	k->skel->rodata->per_cgroup = env->per_cgroup;
	k->skel->rodata->targ_tgid = env->tgid;
	k->skel->rodata->targ_dev = kdev;
	/* classic tracepoints carry no inode: no path to walk from */
	k->skel->rodata->want_paths = k->hook != XT_HOOK_TP;
	k->max_files = env->max_files ? env->max_files : xt_default_max_files(k->ncpus);
	bpf_map__set_max_entries(k->skel->maps.files, k->max_files);
	bpf_map__set_max_entries(k->skel->maps.paths, k->max_files);
	bpf_map__set_max_entries(k->skel->maps.comms, k->max_files);
	bpf_map__set_max_entries(k->skel->maps.hists, k->max_files * 4);
	for (h = XT_HOOK_TP_BTF; h < XT_NR_HOOKS; h++)
		for (i = 0; i < NR_EVENTS; i++)
			bpf_program__set_autoload(prog(k, h, events[i].name),
						  h == (int)k->hook && present[i] &&
						  (env->timing || !events[i].start));
	bpf_program__set_autoload(k->skel->progs.pc_fault, env->page_cache);
	bpf_program__set_autoload(k->skel->progs.pc_fault_done, env->page_cache);
	e = xiptop_bpf__load(k->skel);
	if (e) {
		xt_errorf(err, errlen, "cannot load the BPF programs: %s (XIPTOP_DEBUG=1 says why)", strerror(-e));
		goto out;
	}
	e = xiptop_bpf__attach(k->skel);
	if (e) {
		if (env->page_cache && !k->skel->links.pc_fault)
			xt_errorf(err, errlen, "cannot kprobe filemap_fault for --page-cache: %s; run without it",
			     strerror(-e));
		else
			xt_errorf(err, errlen, "cannot attach the BPF programs: %s (XIPTOP_DEBUG=1 says why)",
			     strerror(-e));
		goto out;
	}
	for (i = 0; i < NR_EVENTS; i++) {
		const char *n = events[i].name;
		int p = present[i];

		if (!strcmp(n, "dax_pmd_fallback"))
			k->have.fallback = p;
		else if (!strcmp(n, "dax_fault_cow"))
			k->have.cow_source = p;
		else if (!strcmp(n, "dax_zero_blocks"))
			k->have.zero = p;
		else if (!strcmp(n, "dax_iomap_rw_done"))
			k->have.io = p;
	}
	k->have.pagecache = env->page_cache;
	k->have.timing = env->timing;
	k->have.per_process = env->per_process;
	k->have.per_cgroup = env->per_cgroup;
	return k;
out:
	xt_kernel_close(k);
	return NULL;
}

void xt_kernel_close(struct xt_kernel *k)
{
	if (!k)
		return;
	xiptop_bpf__destroy(k->skel);
	free(k->keys);
	free(k->values);
	free(k);
}

int xt_kernel_max_files(const struct xt_kernel *k)
{
	return k->max_files;
}

const char *xt_kernel_hook(const struct xt_kernel *k)
{
	return xt_hook_names[k->hook];
}

void xt_kernel_have(const struct xt_kernel *k, struct xt_have *have)
{
	*have = k->have;
}

static int ensure(void **buf, size_t *size, size_t want)
{
	void *bigger;

	if (*size >= want)
		return 0;
	bigger = realloc(*buf, want);
	if (!bigger)
		return -ENOMEM;
	*buf = bigger;
	*size = want;
	return 0;
}

typedef int (*entry_fn)(struct xt_snapshot *s, const void *key, const void *values, int ncpus,
			size_t vsize);

/*
 * Every entry of a per-CPU hash, a batch of syscalls at a time (a map of
 * 10,000 files costs a handful of syscalls, not 20,000).
 */
static int read_map(struct xt_kernel *k, struct bpf_map *map, struct xt_snapshot *s, entry_fn fn)
{
	size_t ksize = bpf_map__key_size(map);
	size_t vsize = (bpf_map__value_size(map) + 7) / 8 * 8;	/* per-CPU values are 8-aligned */
	__u32 max = bpf_map__max_entries(map), batch = max < 4096 ? max : 4096, count, i;
	int fd = bpf_map__fd(map), err;
	__u64 in[8], out[8];	/* the batch cursor: opaque, a bucket index for hashes */
	void *cursor = NULL;

	if (ensure(&k->keys, &k->keys_size, ksize * batch) ||
	    ensure(&k->values, &k->values_size, vsize * k->ncpus * batch))
		return -ENOMEM;
	do {
		count = batch;
		err = bpf_map_lookup_batch(fd, cursor, out, k->keys, k->values, &count, NULL);
		if (err && errno != ENOENT)
			return -errno;
		for (i = 0; i < count; i++)
			if (fn(s, (char *)k->keys + i * ksize, (char *)k->values + i * vsize * k->ncpus,
			       k->ncpus, vsize))
				return -ENOMEM;
		memcpy(in, out, sizeof(in));
		cursor = in;
	} while (!err);
	return 0;
}

static int file_entry(struct xt_snapshot *s, const void *key, const void *values, int ncpus,
		      size_t vsize)
{
	struct xip_file_stats sum = { 0 };

	for (int c = 0; c < ncpus; c++)
		xt_stats_add(&sum, (const void *)((const char *)values + c * vsize), 1);
	return xt_snapshot_add_file(s, key, &sum);
}

static int hist_entry(struct xt_snapshot *s, const void *key, const void *values, int ncpus,
		      size_t vsize)
{
	struct xt_hist sum = { 0 };

	for (int c = 0; c < ncpus; c++)
		xt_hist_from_bpf(&sum, (const void *)((const char *)values + c * vsize));
	return xt_snapshot_add_hist(s, key, &sum);
}

int xt_kernel_read(struct xt_kernel *k, struct xt_snapshot *s)
{
	__u64 *v;
	int err;

	xt_snapshot_clear(s);
	err = read_map(k, k->skel->maps.files, s, file_entry);
	if (!err && k->have.timing)
		err = read_map(k, k->skel->maps.hists, s, hist_entry);
	if (err)
		return err;
	v = calloc(k->ncpus, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (__u32 c = 0; c < XIP_NR_COUNTERS; c++) {
		if (bpf_map_lookup_elem(bpf_map__fd(k->skel->maps.counters), &c, v))
			continue;
		for (int cpu = 0; cpu < k->ncpus; cpu++)
			s->counters[c] += v[cpu];
	}
	free(v);
	xt_snapshot_sort(s);
	return 0;
}

int xt_kernel_path(struct xt_kernel *k, unsigned int dev, uint64_t ino, struct xip_path *p)
{
	struct xip_inode_key key = { .ino = ino, .dev = dev };

	return bpf_map_lookup_elem(bpf_map__fd(k->skel->maps.paths), &key, p) ? -ENOENT : 0;
}

int xt_kernel_comm(struct xt_kernel *k, uint32_t tgid, char comm[XIP_COMM_LEN])
{
	return bpf_map_lookup_elem(bpf_map__fd(k->skel->maps.comms), &tgid, comm) ? -ENOENT : 0;
}
