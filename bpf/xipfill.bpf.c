// SPDX-License-Identifier: GPL-2.0
/*
 * A test's filler: an empty fentry program, which tests/progs/xip-fill
 * loads again and again on one kernel function until the function's BPF
 * trampoline takes no more (BPF_MAX_TRAMP_LINKS), so that a tool's own
 * fentry there cannot attach and the tool's fallback is what runs.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* the target is set at load (bpf_program__set_attach_target()) */
SEC("fentry")
int fill(void *ctx)
{
	return 0;
}
