// SPDX-License-Identifier: GPL-2.0
/* Loading xiptop's BPF programs (see loader.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "bpf-internal.h"
#include "loader.h"
#include "mapsize.h"
#include "privs.h"
#include "xiptop.skel.h"

const char *const xl_hook_names[XL_NR_HOOKS] = {
	[XL_HOOK_AUTO] = "auto", [XL_HOOK_TP_BTF] = "tp_btf",
	[XL_HOOK_RAW_TP] = "raw_tp", [XL_HOOK_TP] = "tp",
};

#define NO_CAP ((size_t)-1)
#define CAP(member) offsetof(struct xl_caps, member)

/*
 * The fs_dax events the programs attach to. An event that exists turns on
 * the capability it gives (cap: a bool of struct xl_caps); the rest of a
 * view is always there.
 */
static const struct xl_event {
	const char *name;
	bool start;		/* a start event: only needed for latencies */
	size_t cap;
	const char *system;	/* its tracefs directory; NULL: fs_dax */
	const char *unless;	/* a stock event that derives what this series' event tells */
	bool counts;		/* built twice: a _counts build for --no-latency (bpf/xiptop.bpf.c) */
} events[] = {
	{ "dax_pte_fault", true, NO_CAP, NULL, NULL, false },
	{ "dax_pmd_fault", true, NO_CAP, NULL, NULL, false },
	{ "dax_pte_fault_done", false, NO_CAP, NULL, NULL, true },
	{ "dax_pmd_fault_done", false, NO_CAP, NULL, NULL, true },
	{ "dax_load_hole", false, NO_CAP, NULL, NULL, true },
	{ "dax_pmd_load_hole", false, NO_CAP, NULL, NULL, true },
	/* the kernel series' */
	{ "dax_fault_cow", false, CAP(cow_source), NULL, NULL, true },
	{ "dax_pmd_fallback", false, CAP(fallback), NULL, NULL, false },
	{ "dax_zero_blocks", false, CAP(zero), NULL, NULL, false },
	{ "dax_iomap_rw", true, NO_CAP, NULL, NULL, false },
	{ "dax_iomap_rw_done", false, CAP(io), NULL, NULL, false },
	/* stock events that tell what the series' dax_zero_blocks does of ext4 */
	{ "ext4_ext_map_blocks_exit", false, NO_CAP, "ext4", "dax_zero_blocks", false },
	{ "ext4_ind_map_blocks_exit", false, NO_CAP, "ext4", "dax_zero_blocks", false },
	/* on every kernel: ext4's own word on which new blocks were unwritten */
	{ "ext4_ext_handle_unwritten_extents", false, CAP(unwritten), "ext4", NULL, false },
};
#define NR_EVENTS (sizeof(events) / sizeof(events[0]))

/*
 * Kernel functions probed where the series' event is missing, to derive
 * what it tells (bpf/xiptop-derived.bpf.h): fentry/fexit where the kernel
 * loads tracing programs and has the function's BTF, else kprobes. Their
 * attaching is optional: without them the capability stays off.
 */
static const struct xl_probe {
	const char *func;
	const char *series_event;	/* the event that makes it unneeded */
	const char *entry, *exit;		/* fentry/fexit programs (exit may be NULL) */
	const char *kentry, *kexit;		/* kprobe/kretprobe programs */
	bool entry_times;	/* the fentry program only times: not needed without latencies */
	size_t cap, src;	/* the capability it gives, and its source field */
} probes[] = {
	{ "dax_iomap_rw", "dax_iomap_rw_done", "fentry_dax_iomap_rw", "fexit_dax_iomap_rw", "kprobe_dax_iomap_rw",
	  "kretprobe_dax_iomap_rw", true, CAP(io), CAP(io_src) },
	{ "dax_zero_range", "dax_zero_blocks", "fentry_dax_zero_range", NULL, "kprobe_dax_zero_range", NULL, false,
	  CAP(zero), CAP(zero_src) },
};
#define NR_PROBES (sizeof(probes) / sizeof(probes[0]))

/* What choose() found the kernel has. */
struct kernel_has {
	bool event[NR_EVENTS];
	bool func_btf[NR_PROBES];	/* the probed function's BTF (fentry needs it) */
};

static bool has_event(const struct kernel_has *k, const char *name)
{
	for (size_t i = 0; i < NR_EVENTS; i++)
		if (!strcmp(events[i].name, name))
			return k->event[i];
	return false;
}

/* Is probe i needed, and (*fentry) as fentry/fexit? */
static bool probe_wanted(const struct xl_bpf *b, const struct kernel_has *k, size_t i, bool *fentry)
{
	*fentry = b->fentry && k->func_btf[i];
	return !has_event(k, probes[i].series_event);
}

/*
 * An event no program attaches to, probed for what it says of the kernel:
 * PMD major accounting came with the series' major-fault event.
 */
#define MAJOR_PMD_EVENT "dax_fault_major"

/* Entry points in the BPF object, by hook: prefix + event name. */
static const char *const hook_prefix[XL_NR_HOOKS] = {
	[XL_HOOK_TP_BTF] = "btf_", [XL_HOOK_RAW_TP] = "raw_", [XL_HOOK_TP] = "tp_",
};

/* -v: libbpf says everything it does (libbpf's callback has no argument for it). */
static bool verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (verbose || (level <= LIBBPF_WARN && getenv("XIPTOP_DEBUG")))
		return vfprintf(stderr, fmt, args);
	return 0;
}

/* -c: the cgroup v2 directory's fd, or -errno (-ENOTDIR: not cgroup v2). */
static int open_cgroup(const char *path)
{
	struct statfs sf;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sf) || sf.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		return -ENOTDIR;
	}
	return fd;
}

/* Only tasks in the cgroup: its fd at index 0 of cgroup_filter. */
static int set_cgroup(struct xl_bpf *b, const char *path)
{
	__u32 zero = 0;
	int fd = open_cgroup(path), err = 0;

	if (fd < 0)
		return fd;
	if (bpf_map__update_elem(b->skel->maps.cgroup_filter, &zero, sizeof(zero), &fd, sizeof(fd),
				 BPF_ANY))
		err = -errno;
	close(fd);
	return err;
}

/* The tracepoint's BTF type id (btf_trace_NAME), or <= 0 if it has none. */
static int event_btf_id(const struct btf *vmlinux, const char *name)
{
	char type[128];

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	return btf__find_by_name_kind(vmlinux, type, BTF_KIND_TYPEDEF);
}

/* Can the kernel load a tp_btf program for this event? (Load an empty one.) */
static bool probe_tp_btf(int btf_id)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_RAW_TP,
		    .attach_btf_id = btf_id);
	int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &opts);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Does tracefs have the classic tracepoint (in system, NULL: fs_dax)? */
static bool probe_tp(const char *system, const char *name)
{
	char path[256];

	if (!system)
		system = "fs_dax";
	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/%s/id", system, name);
	if (!access(path, R_OK))
		return true;
	snprintf(path, sizeof(path), "/sys/kernel/debug/tracing/events/%s/%s/id", system, name);
	return !access(path, R_OK);
}

static struct bpf_program *prog(struct xl_bpf *b, enum xl_hook hook, const char *event, const char *build)
{
	char name[128];

	snprintf(name, sizeof(name), "%s%s%s", hook_prefix[hook], event, build);
	return bpf_object__find_program_by_name(b->skel->obj, name);
}

/* Pick the hook, and which events exist. */
static enum xl_bpf_code choose(struct xl_bpf *b, const struct xl_bpf_opts *o, struct kernel_has *k)
{
	enum xl_bpf_code code = XL_BPF_OK;
	struct btf *vmlinux = NULL;
	int core_id;
	size_t i;

	if (access("/sys/kernel/btf/vmlinux", R_OK) || !(vmlinux = btf__load_vmlinux_btf()))
		return XL_BPF_NO_BTF;
	core_id = event_btf_id(vmlinux, "dax_pte_fault_done");
	if (core_id <= 0) {
		btf__free(vmlinux);
		return XL_BPF_NO_EVENTS;
	}
	for (i = 0; i < NR_EVENTS; i++)
		k->event[i] = event_btf_id(vmlinux, events[i].name) > 0;
	for (i = 0; i < NR_PROBES; i++)
		k->func_btf[i] = btf__find_by_name_kind(vmlinux, probes[i].func, BTF_KIND_FUNC) > 0;
	b->caps.major_pmd = event_btf_id(vmlinux, MAJOR_PMD_EVENT) > 0;
	b->hook = o->hook;
	if (b->hook == XL_HOOK_AUTO)
		b->hook = probe_tp_btf(core_id) ? XL_HOOK_TP_BTF : XL_HOOK_RAW_TP;
	else if (b->hook == XL_HOOK_TP_BTF && !probe_tp_btf(core_id))
		code = XL_BPF_NO_TP_BTF;
	else if (b->hook == XL_HOOK_TP && !probe_tp(NULL, "dax_pte_fault_done"))
		code = XL_BPF_NO_TRACEFS;
	btf__free(vmlinux);
	if (code == XL_BPF_OK && b->hook == XL_HOOK_TP)
		/* an event may have BTF but no tracefs entry */
		for (i = 0; i < NR_EVENTS; i++)
			k->event[i] = k->event[i] && probe_tp(events[i].system, events[i].name);
	return code;
}

static void set_options(struct xl_bpf *b, const struct xl_bpf_opts *o, const struct kernel_has *k)
{
	struct xiptop_bpf *s = b->skel;

	s->rodata->timing = o->timing;
	s->rodata->sampling = !o->every_fault;
	b->every_fault = o->every_fault;
	s->rodata->per_process = o->per_process;
	s->rodata->per_cgroup = o->per_cgroup;
	s->rodata->targ_tgid = o->tgid;
	s->rodata->targ_dev = o->kdev;
	s->rodata->targ_cgroup = o->cgroup != NULL;
	s->rodata->task_filter = o->tgid || o->cgroup;
	s->rodata->owned_rows = o->per_process || o->per_cgroup;
	s->rodata->derive_fallback = !has_event(k, "dax_pmd_fallback");
	s->rodata->cow_event = has_event(k, "dax_fault_cow");
	/* classic tracepoints carry no inode: no path to walk from, no generation */
	s->rodata->want_paths = b->hook != XL_HOOK_TP;
	s->rodata->want_gen = b->hook != XL_HOOK_TP;
	b->max_files = o->max_files ? o->max_files : xl_default_max_files(b->ncpus);
	s->rodata->ncpus = b->ncpus;
	bpf_map__set_max_entries(s->maps.rowidx, b->max_files);
	bpf_map__set_max_entries(s->maps.free_rows, b->max_files);
	bpf_map__set_max_entries(s->maps.rows, b->max_files);
	bpf_map__set_max_entries(s->maps.row_stamps, b->max_files);
	/* in 32 bits: xl_bpf_open() refused a product past them */
	bpf_map__set_max_entries(s->maps.rows_cpu, (__u32)b->max_files * (__u32)b->ncpus);
	bpf_map__set_max_entries(s->maps.free_hists, b->max_files * XIP_HISTS_PER_ROW);
	bpf_map__set_max_entries(s->maps.hists, b->max_files * XIP_HISTS_PER_ROW);
	bpf_map__set_max_entries(s->maps.row_cache, XIP_CACHE_WAYS * b->ncpus);
	bpf_map__set_max_entries(s->maps.paths, b->max_files);
	bpf_map__set_max_entries(s->maps.paths_long, b->max_files);
	bpf_map__set_max_entries(s->maps.inodes, b->max_files);
	bpf_map__set_max_entries(s->maps.comms, b->max_files);
}

/* What the loaded programs tell, from the events that are there (probes: attach()). */
static void fill_caps(struct xl_bpf *b, const struct xl_bpf_opts *o, const struct kernel_has *k)
{
	struct xl_caps *c = &b->caps;

	for (size_t i = 0; i < NR_EVENTS; i++)
		if (events[i].cap != NO_CAP)
			*(bool *)((char *)c + events[i].cap) = k->event[i];
	c->zero_src = c->zero ? XL_SRC_SERIES : XL_SRC_NONE;
	c->io_src = c->io ? XL_SRC_SERIES : XL_SRC_NONE;
	/* without the series, the stock dax_pmd_fault_done's fields tell some reasons */
	c->fallback_src = c->fallback ? XL_SRC_SERIES : XL_SRC_STOCK_EVENT;
	c->fallback = true;
	c->kinds = XL_KINDS_DAX | (o->page_cache ? 1U << XIP_PAGECACHE : 0);
	c->timing = o->timing;
	c->per_process = o->per_process;
	c->per_cgroup = o->per_cgroup;
	c->generations = b->hook != XL_HOOK_TP;
}

/* The probe a program belongs to, or NULL. */
static const struct xl_probe *probe_of(const struct bpf_program *p)
{
	const char *name = bpf_program__name(p);

	for (size_t i = 0; i < NR_PROBES; i++) {
		const struct xl_probe *q = &probes[i];

		if (!strcmp(name, q->entry) || (q->exit && !strcmp(name, q->exit)) ||
		    !strcmp(name, q->kentry) || (q->kexit && !strcmp(name, q->kexit)))
			return q;
	}
	return NULL;
}

/*
 * Programs whose attaching is optional: without one, the capability it
 * gives is off (rows then age out instead of ending with their file; a
 * derived column shows as unavailable: probes_caps()).
 */
static bool *optional_cap(struct xl_bpf *b, const struct bpf_program *p)
{
	struct xiptop_bpf *s = b->skel;
	const struct xl_probe *q = probe_of(p);

	if (q)
		return (bool *)((char *)&b->caps + q->cap);

	if (p == s->progs.inode_gone || p == s->progs.kprobe_inode_gone)
		return &b->caps.file_ends;
	if (p == s->progs.process_gone)
		return &b->caps.process_ends;
	if (p == s->progs.file_renamed)
		return &b->caps.renames;
	return NULL;
}

/*
 * A derived probe gives its capability only when every program of it
 * attached (an fentry without its fexit counts nothing), and zeroing only
 * with ext4's part too (the events).
 */
static void probes_caps(struct xl_bpf *b, const int *loaded, const int *attached, const bool *tracing)
{
	for (size_t i = 0; i < NR_PROBES; i++) {
		bool *cap = (bool *)((char *)&b->caps + probes[i].cap);
		enum xl_source *src = (enum xl_source *)((char *)&b->caps + probes[i].src);

		if (!loaded[i])
			continue;
		if (attached[i] < loaded[i] || (probes[i].cap == CAP(zero) && !b->ext4_zeroing)) {
			*cap = false;
			*src = XL_SRC_NONE;
		} else {
			*cap = true;
			*src = tracing[i] ? XL_SRC_FENTRY : XL_SRC_KPROBE;
		}
	}
}

/*
 * Where the fentry on __destroy_inode loaded but did not attach, the
 * kprobe, loaded beside it. b->gone_fentry: the fentry's fd if it tells
 * inodes' ends, for the runs the kernel skips (xl_maps_new_window()),
 * else -1.
 */
static void inode_ends_fallback(struct xl_bpf *b)
{
	struct bpf_link *link;

	b->gone_fentry = b->caps.file_ends && b->fentry ? bpf_program__fd(b->skel->progs.inode_gone) : -1;
	if (b->caps.file_ends || !bpf_program__autoload(b->skel->progs.kprobe_inode_gone) ||
	    b->nlinks == sizeof(b->links) / sizeof(b->links[0]))
		return;
	link = bpf_program__attach(b->skel->progs.kprobe_inode_gone);
	if (!link)
		return;	/* file_ends stays off: rows of ended files age out */
	b->links[b->nlinks++] = link;
	b->caps.file_ends = true;
}

_Static_assert(sizeof(((struct xl_bpf *)0)->links) / sizeof(struct bpf_link *) <= 64,
	       "kretprobe_links has a bit for every link");

/* Attach every loaded program, one by one; XL_BPF_OK, or a code and *err. */
static enum xl_bpf_code attach(struct xl_bpf *b, int *err)
{
	int loaded[NR_PROBES] = { 0 }, attached[NR_PROBES] = { 0 };
	bool tracing[NR_PROBES] = { false };
	struct bpf_program *p;

	/*
	 * Nothing is attached: a previous attach's fault path state (the
	 * CPUs' last rows, by inode address, and the faults they named)
	 * saw inodes end unseen, and its ends may have been detached
	 * before its starts. The fault path starts afresh, and so do the
	 * caches (a new epoch), before the first program can run.
	 */
	memset(b->skel->bss->cpu_state, 0, sizeof(b->skel->bss->cpu_state));
	__atomic_add_fetch(&b->skel->data->era.epoch, 1, __ATOMIC_SEQ_CST);
	bpf_object__for_each_program(p, b->skel->obj) {
		const struct xl_probe *q = probe_of(p);
		bool *cap = optional_cap(b, p);
		struct bpf_link *link;

		if (!bpf_program__autoload(p) ||
		    (p == b->skel->progs.kprobe_inode_gone && b->fentry))
			continue;	/* the kprobe only if the fentry does not attach: below */
		if (b->nlinks == sizeof(b->links) / sizeof(b->links[0])) {
			*err = -E2BIG;	/* more programs than links: a build error */
			return XL_BPF_ATTACH;
		}
		if (q)
			loaded[q - probes]++;
		link = bpf_program__attach(p);
		if (!link) {
			*err = -errno;
			if (cap)
				continue;	/* its capability stays off */
			if (p == b->skel->progs.pc_fault || p == b->skel->progs.pc_fault_done)
				return XL_BPF_PAGE_CACHE;
			return XL_BPF_ATTACH;
		}
		if (!strncmp(bpf_program__section_name(p), "kretprobe/", 10))
			b->kretprobe_links |= 1ULL << b->nlinks;
		b->links[b->nlinks++] = link;
		if (q)
			attached[q - probes]++;
		else if (cap)
			*cap = true;
		if (q)
			tracing[q - probes] = bpf_program__type(p) == BPF_PROG_TYPE_TRACING;
	}
	probes_caps(b, loaded, attached, tracing);
	inode_ends_fallback(b);
	/*
	 * inode_gone ends the caches' entries with their inodes: they may
	 * name files by address. Entries made before (a previous attach)
	 * saw inodes end unseen: a new epoch ends them.
	 */
	__atomic_add_fetch(&b->skel->data->era.epoch, 1, __ATOMIC_SEQ_CST);
	b->skel->bss->tag_by_address = b->caps.file_ends;
	b->skel->bss->plain_faults = b->caps.file_ends && !b->skel->rodata->task_filter &&
				     !b->skel->rodata->owned_rows;
	/* a busy file's faults are sampled where the CPU's state can name the file */
	b->caps.sampling = b->caps.timing && !b->every_fault && !b->caps.per_process &&
			   !b->caps.per_cgroup && (b->caps.file_ends || b->hook == XL_HOOK_TP);
	return XL_BPF_OK;
}

static struct xl_bpf *fail(struct xl_bpf *b, struct xl_bpf_error *e, enum xl_bpf_code code, int sys)
{
	e->code = code;
	e->sys = sys;
	xl_bpf_close(b);
	return NULL;
}

static void autoload(struct xl_bpf *b, const char *name, bool on)
{
	struct bpf_program *p = name ? bpf_object__find_program_by_name(b->skel->obj, name) : NULL;

	if (p)
		bpf_program__set_autoload(p, on);
}

/* The derived probes: each needed one as fentry/fexit or as kprobes, never both. */
static void autoload_probes(struct xl_bpf *b, const struct xl_bpf_opts *o, const struct kernel_has *k)
{
	for (size_t i = 0; i < NR_PROBES; i++) {
		const struct xl_probe *q = &probes[i];
		bool fentry, on = probe_wanted(b, k, i, &fentry);

		autoload(b, q->entry, on && fentry && (o->timing || !q->entry_times));
		autoload(b, q->exit, on && fentry);
		autoload(b, q->kentry, on && !fentry);
		autoload(b, q->kexit, on && !fentry);
	}
}

/*
 * Open the object, set its options, choose its programs and load them;
 * tracing (fentry/fexit on vfs_rename and the derived probes) only if
 * b->fentry. 0; -ENOENT with b->skel NULL if it did not open; or load's
 * -errno.
 */
static int load(struct xl_bpf *b, const struct xl_bpf_opts *o, const struct kernel_has *k)
{
	size_t i;
	int h;

	b->skel = xiptop_bpf__open();
	if (!b->skel)
		return -ENOENT;
	set_options(b, o, k);
	b->ext4_zeroing = false;
	for (h = XL_HOOK_TP_BTF; h < XL_NR_HOOKS; h++)
		for (i = 0; i < NR_EVENTS; i++) {
			bool on = h == (int)b->hook && k->event[i] && (o->timing || !events[i].start) &&
				  !(events[i].unless && has_event(k, events[i].unless));

			if (events[i].counts) {
				bpf_program__set_autoload(prog(b, h, events[i].name, ""), on && o->timing);
				bpf_program__set_autoload(prog(b, h, events[i].name, "_counts"),
							  on && !o->timing);
			} else {
				bpf_program__set_autoload(prog(b, h, events[i].name, ""), on);
			}
			if (on && events[i].unless)
				b->ext4_zeroing = true;
		}
	autoload_probes(b, o, k);
	bpf_program__set_autoload(b->skel->progs.pc_fault, o->page_cache);
	bpf_program__set_autoload(b->skel->progs.pc_fault_done, o->page_cache);
	bpf_program__set_autoload(b->skel->progs.process_gone, o->per_process);
	/* renames matter only with paths, which --hook tp has not */
	bpf_program__set_autoload(b->skel->progs.file_renamed, b->fentry);
	/*
	 * An inode's end: by fentry where tracing programs load (cheaper on
	 * every inode's end), else by kprobe; the kprobe is loaded anyway,
	 * for kernels that load an fentry program but cannot attach it (no
	 * trampolines on the architecture): attach() tries it then.
	 */
	bpf_program__set_autoload(b->skel->progs.inode_gone, b->fentry);
	return xiptop_bpf__load(b->skel);
}

struct xl_bpf *xl_bpf_open(const struct xl_bpf_opts *o, struct xl_bpf_error *e)
{
	struct kernel_has k = { 0 };
	enum xl_bpf_code code;
	struct xl_bpf *b;
	int err;

	if (!xl_privs_can_trace())
		return fail(NULL, e, XL_BPF_NO_PRIV, EPERM);
	verbose = o->verbose;
	libbpf_set_print(libbpf_print);
	if (o->cgroup) {
		/* before loading anything: a wrong path is the user's to fix */
		err = open_cgroup(o->cgroup);
		if (err < 0)
			return fail(NULL, e, XL_BPF_CGROUP, -err);
		close(err);
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return fail(NULL, e, XL_BPF_NO_MEM, ENOMEM);
	b->ncpus = libbpf_num_possible_cpus();
	if (b->ncpus < 1)
		return fail(b, e, XL_BPF_NO_CPUS, -b->ncpus);
	if (b->ncpus > XIP_MAX_CPUS)
		return fail(b, e, XL_BPF_TOO_MANY_CPUS, 0);
	/* rows_cpu holds a part per row and CPU, indexed in 32 bits (row * ncpus + cpu) */
	if ((uint64_t)o->max_files * (uint64_t)b->ncpus > UINT32_MAX)
		return fail(b, e, XL_BPF_TOO_MANY_ROWS, 0);
	code = choose(b, o, &k);
	if (code != XL_BPF_OK)
		return fail(b, e, code, 0);
	/* tracing programs first (not with --hook tp, which asks for the oldest kind) */
	b->fentry = b->hook != XL_HOOK_TP;
	err = load(b, o, &k);
	if (err && b->skel && b->fentry) {
		/*
		 * Some kernels refuse fexit on vfs_rename (seen: EPERM on a
		 * 6.18 host that loads tp_btf; and any kernel without
		 * tracing programs): do without renames, and with kprobes
		 * for the derived probes. Had anything else failed, the
		 * second load says so.
		 */
		xiptop_bpf__destroy(b->skel);
		b->skel = NULL;
		b->fentry = false;
		err = load(b, o, &k);
	}
	if (err == -ENOENT && !b->skel)
		return fail(b, e, XL_BPF_OPEN, errno);
	if (err)
		return fail(b, e, XL_BPF_LOAD, -err);
	err = xl_maps_setup(b);
	if (err)
		return fail(b, e, XL_BPF_LOAD, -err);
	/* where a row's inode may not be DAX, or new_row() cannot tell: may_have_rows() */
	b->skel->bss->any_inode = o->page_cache || b->hook == XL_HOOK_TP;
	fill_caps(b, o, &k);
	if (o->cgroup) {
		err = set_cgroup(b, o->cgroup);
		if (err)
			return fail(b, e, XL_BPF_CGROUP, -err);
	}
	code = attach(b, &err);
	if (code != XL_BPF_OK)
		return fail(b, e, code, -err);
	return b;
}

void xl_bpf_detach(struct xl_bpf *b)
{
	/* without inode_gone, an inode's address may be another's next */
	if (b->skel && b->skel->bss) {
		b->skel->bss->plain_faults = false;
		b->skel->bss->tag_by_address = false;
	}
	while (b->nlinks)
		bpf_link__destroy(b->links[--b->nlinks]);
	b->kretprobe_links = 0;
}

int xl_bpf_attach(struct xl_bpf *b, struct xl_bpf_error *e)
{
	int err = 0;

	xl_bpf_detach(b);
	/* what attaches this time says what the optional programs give */
	b->caps.file_ends = b->caps.process_ends = b->caps.renames = false;
	e->code = attach(b, &err);
	e->sys = -err;
	if (e->code != XL_BPF_OK)
		xl_bpf_detach(b);
	return e->code == XL_BPF_OK ? 0 : -1;
}

void xl_bpf_close(struct xl_bpf *b)
{
	if (!b)
		return;
	xl_bpf_detach(b);
	xl_gone_free(b);
	if (b->skel)
		xl_maps_teardown(b);
	xiptop_bpf__destroy(b->skel);
	free(b->values);
	free(b);
}

/* Each code's message: before, then the errno's text where sys is set, then after. */
static const struct {
	const char *before, *after;
	bool sys;
} messages[] = {
	[XL_BPF_OK] = { "no error" },
	[XL_BPF_NO_PRIV] = { "needs root (or CAP_BPF and CAP_PERFMON): run it with sudo" },
	[XL_BPF_NO_MEM] = { "out of memory" },
	[XL_BPF_NO_CPUS] = { "cannot count the possible CPUs: ", "", true },
	[XL_BPF_TOO_MANY_CPUS] = { "this machine has more possible CPUs than xiptop was built for "
				   "(XIP_MAX_CPUS in include/xiptop.h): raise it and rebuild" },
	[XL_BPF_TOO_MANY_ROWS] = { "--max-files times this machine's possible CPUs is more than "
				   "2^32 per-CPU parts of rows: give a smaller --max-files" },
	[XL_BPF_NO_BTF] = { "the kernel has no BTF (/sys/kernel/btf/vmlinux): it needs CONFIG_DEBUG_INFO_BTF=y" },
	[XL_BPF_NO_EVENTS] = { "the kernel has no fs_dax events: it needs CONFIG_FS_DAX=y (and a DAX file system)" },
	[XL_BPF_NO_TP_BTF] = { "this kernel cannot load tp_btf programs: try --hook raw_tp" },
	[XL_BPF_NO_TRACEFS] = { "no fs_dax tracepoints in tracefs (is it mounted?): try --hook raw_tp" },
	[XL_BPF_OPEN] = { "cannot open the BPF object: ", "", true },
	[XL_BPF_LOAD] = { "cannot load the BPF programs: ", " (-v says why)", true },
	[XL_BPF_PAGE_CACHE] = { "cannot kprobe filemap_fault for --page-cache: ", "; run without it", true },
	[XL_BPF_ATTACH] = { "cannot attach the BPF programs: ", " (-v says why)", true },
	[XL_BPF_CGROUP] = { "-c: ", " (give a cgroup v2 directory, such as /sys/fs/cgroup/system.slice)",
			    true },
};

const char *xl_bpf_strerror(const struct xl_bpf_error *e, char *buf, size_t len)
{
	unsigned int c = e->code;

	if (c >= sizeof(messages) / sizeof(messages[0]) || !messages[c].before)
		snprintf(buf, len, "BPF loader error %u", c);
	else
		snprintf(buf, len, "%s%s%s", messages[c].before,
			 messages[c].sys ? strerror(e->sys) : "",
			 messages[c].after ? messages[c].after : "");
	return buf;
}

const char *xl_bpf_hook(const struct xl_bpf *b)
{
	return xl_hook_names[b->hook];
}

int xl_bpf_max_files(const struct xl_bpf *b)
{
	return b->max_files;
}

const struct xl_caps *xl_bpf_caps(const struct xl_bpf *b)
{
	return &b->caps;
}
