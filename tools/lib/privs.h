/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Privileges, through libcap-ng (Debian's libcap-ng-dev): loading and
 * attaching the programs needs CAP_BPF and CAP_PERFMON (or root); reading
 * their maps afterwards needs nothing on kernels since 6.5, which check
 * privileges when a map is made, not when it is read. So xiptop keeps no
 * capability once attached: a bug in what it parses (names, requests)
 * then finds nothing to abuse.
 */
#ifndef XL_PRIVS_H
#define XL_PRIVS_H

#include <stdbool.h>
#include <stddef.h>

struct xl_bpf;

/* CAP_BPF and CAP_PERFMON in the effective set, or CAP_SYS_ADMIN (before 5.8: root). */
bool xl_privs_can_trace(void);

/*
 * Drop every capability (and those a later exec could gain), and leave uid
 * 0 for nobody (65534): root without capabilities still owns root's
 * files. If this kernel still wants CAP_BPF to read maps (before 6.5,
 * with kernel.unprivileged_bpf_disabled set), keep that one only, and the
 * uid; *kept says so. keep_ptrace: keep CAP_SYS_PTRACE as well, to read
 * other users' /proc/PID/smaps (xiptop doctor), if it is permitted. 0, or
 * -1 with err.
 */
int xl_privs_drop(struct xl_bpf *b, bool keep_ptrace, bool *kept_bpf, char *err, size_t errlen);

#endif
