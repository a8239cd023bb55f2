/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs of xiptop's programs that the kernel skipped: the events behind
 * them are neither counted nor timed, so their number is shown
 * (XIP_CTR_MISSED) instead of lost silently.
 */
#ifndef XL_MISSED_H
#define XL_MISSED_H

#include <stdint.h>

struct xl_bpf;

/*
 * Since the programs were loaded: each program's recursion_misses (a run
 * was due on a CPU where it was under way, or for a kprobe or classic
 * tracepoint any program that takes bpf_prog_active), but inode_gone's
 * fentry's (XIP_CTR_GONE_MISSED has those) and the tracepoint programs'
 * (none: missed.c), and each kretprobe's missed returns (kernels from
 * 6.7 tell them). The whole system's: no filter applies.
 */
uint64_t xl_programs_missed(const struct xl_bpf *b);

#endif
