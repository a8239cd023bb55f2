// SPDX-License-Identifier: GPL-2.0
/* Runs of the programs the kernel skipped (see missed.h). */
#include <stddef.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf-internal.h"
#include "missed.h"
#include "xiptop.skel.h"

/*
 * struct bpf_link_info for a kprobe's perf event link, as the kernel has
 * it since 6.7 (its "missed"; 6.6 has the rest): Debian 12's uapi
 * headers are 6.1's, which have neither. The layout is the kernel's ABI.
 * A kernel that does not fill it leaves perf_type 0, and missed 0.
 */
struct kprobe_link_info {
	__u32 type;		/* BPF_LINK_TYPE_PERF_EVENT */
	__u32 id;
	__u32 prog_id;
	__u32 pad;		/* the union after is 8-byte aligned */
	__u32 perf_type;	/* enum bpf_perf_event_type */
	__u32 pad2;
	__u64 func_name;	/* in: no buffer */
	__u32 name_len;		/* in: 0 */
	__u32 offset;
	__u64 addr;
	__u64 missed;
	__u64 cookie;
};
_Static_assert(offsetof(struct kprobe_link_info, missed) == 48,
	       "bpf_link_info.perf_event.kprobe.missed is at byte 48");

/* enum bpf_perf_event_type (6.6) */
#define PERF_EVENT_KRETPROBE	4

/*
 * A kretprobe misses a return when every one of its instances is taken
 * (max(10, 2 * possible CPUs)), as many calls that sleep at once take
 * them: page-cache faults waiting for their reads (--page-cache); or
 * when its entry fires inside another kprobe's handler. Kretprobes only
 * (the loader marks their links, b->kretprobe_links): a kprobe's missed
 * start shows as its end's unpaired, and a kprobe at the same address as
 * a kretprobe (filemap_fault's two) shares its misses, which would count
 * twice. The type is checked again: a kernel before 6.6 tells none.
 */
static uint64_t kretprobe_missed(struct bpf_link *link)
{
	struct kprobe_link_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len) ||
	    info.type != BPF_LINK_TYPE_PERF_EVENT || info.perf_type != PERF_EVENT_KRETPROBE)
		return 0;
	return info.missed;
}

/*
 * Can the kernel skip a run of p? Not of a tracepoint program (tp_btf,
 * raw_tp): it skips a run only where one of it is under way on the CPU,
 * which takes an event in interrupt context, and the events xiptop uses
 * fire in the context of a task's fault, read, write or block mapping.
 * They are most of the programs, and each ask is a system call an
 * interval: they are not asked.
 */
static bool can_miss(const struct bpf_program *p)
{
	enum bpf_prog_type t = bpf_program__type(p);

	return t != BPF_PROG_TYPE_RAW_TRACEPOINT &&
	       !(t == BPF_PROG_TYPE_TRACING &&
		 bpf_program__expected_attach_type(p) == BPF_TRACE_RAW_TP);
}

uint64_t xl_programs_missed(const struct xl_bpf *b)
{
	struct bpf_program *p;
	uint64_t n = 0;

	bpf_object__for_each_program(p, b->skel->obj) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(p);

		if (fd < 0 || fd == b->gone_fentry || !can_miss(p) ||
		    bpf_obj_get_info_by_fd(fd, &info, &len))
			continue;
		n += info.recursion_misses;
	}
	for (int i = 0; i < b->nlinks; i++)
		if (b->kretprobe_links >> i & 1)
			n += kretprobe_missed(b->links[i]);
	return n;
}
