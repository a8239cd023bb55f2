/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading xiptop's BPF programs (bpf/xiptop.bpf.c): probe what the running
 * kernel offers, pick the cheapest hook that loads, attach. Options come
 * in a struct, capabilities go out as one (caps.h), errors as codes that
 * xl_bpf_strerror() turns into a line saying what to do.
 */
#ifndef XL_LOADER_H
#define XL_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include "caps.h"

enum xl_hook { XL_HOOK_AUTO, XL_HOOK_TP_BTF, XL_HOOK_RAW_TP, XL_HOOK_TP, XL_NR_HOOKS };
extern const char *const xl_hook_names[XL_NR_HOOKS];

struct xl_bpf_opts {
	bool timing;		/* time faults and I/O (start/end pairing) */
	bool every_fault;	/* time every fault (else a sample: XIP_SAMPLE_ALL) */
	bool per_process;	/* rows per file and process */
	bool per_cgroup;	/* rows per file and cgroup */
	bool page_cache;	/* also page-cache faults (kprobe on filemap_fault) */
	unsigned int tgid;	/* only this process; 0: all */
	unsigned int kdev;	/* only this file system (XIP_KDEV); 0: all */
	int max_files;		/* rows at most; 0: xl_default_max_files() */
	enum xl_hook hook;
	const char *cgroup;	/* only tasks in this cgroup v2 directory or below; NULL: all */
	bool verbose;		/* libbpf's debug output on standard error */
};

enum xl_bpf_code {
	XL_BPF_OK,
	XL_BPF_NO_PRIV,		/* not root */
	XL_BPF_NO_MEM,
	XL_BPF_NO_CPUS,		/* cannot count the possible CPUs */
	XL_BPF_TOO_MANY_CPUS,	/* more possible CPUs than XIP_MAX_CPUS */
	XL_BPF_TOO_MANY_ROWS,	/* --max-files times the CPUs: more per-CPU parts than 32 bits index */
	XL_BPF_NO_BTF,		/* no /sys/kernel/btf/vmlinux */
	XL_BPF_NO_EVENTS,	/* no fs_dax events */
	XL_BPF_NO_TP_BTF,	/* --hook tp_btf, and the kernel cannot */
	XL_BPF_NO_TRACEFS,	/* --hook tp, and no tracefs events */
	XL_BPF_OPEN,		/* the object did not open */
	XL_BPF_LOAD,		/* the verifier or the kernel refused it */
	XL_BPF_PAGE_CACHE,	/* a filemap_fault kprobe (--page-cache) did not attach */
	XL_BPF_ATTACH,		/* another program did not attach */
	XL_BPF_CGROUP,		/* the cgroup (-c) is not a cgroup v2 directory */
};

struct xl_bpf_error {
	enum xl_bpf_code code;
	int sys;		/* errno behind it, or 0 */
};

struct xl_bpf;

/* Probe, load and attach; NULL with *e set on failure. */
struct xl_bpf *xl_bpf_open(const struct xl_bpf_opts *o, struct xl_bpf_error *e);
/* Detach everything and free (NULL is fine). */
void xl_bpf_close(struct xl_bpf *b);
/*
 * Detach the programs, or attach them again: between the two they cost
 * the traced nothing (xipbench times its runs detached). The maps stay.
 */
void xl_bpf_detach(struct xl_bpf *b);
int xl_bpf_attach(struct xl_bpf *b, struct xl_bpf_error *e);
/* The one-line message for an error: what went wrong, what to do. */
const char *xl_bpf_strerror(const struct xl_bpf_error *e, char *buf, size_t len);

const char *xl_bpf_hook(const struct xl_bpf *b);
/* Rows the maps were made for: max_files, or the default for the CPU count. */
int xl_bpf_max_files(const struct xl_bpf *b);
const struct xl_caps *xl_bpf_caps(const struct xl_bpf *b);

#endif
