// SPDX-License-Identifier: GPL-2.0
/*
 * xip-floor: attach empty BPF programs (bpf/xipfloor.bpf.c) to the fs_dax
 * events xiptop uses, those the kernel has, and keep them attached until
 * SIGINT or SIGTERM. Prints "attached N" once attached. The benchmark's
 * floor: what any BPF tracer of these events costs before doing anything.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "xip-hold.h"
#include "xipfloor.skel.h"

int main(void)
{
	struct xipfloor_bpf *skel = xipfloor_bpf__open();
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *p;
	char type[128];
	int n = 0, err;

	if (!skel || !vmlinux) {
		fprintf(stderr, "xip-floor: cannot open the BPF object or the kernel's BTF\n");
		return 1;
	}
	bpf_object__for_each_program(p, skel->obj) {
		snprintf(type, sizeof(type), "btf_trace_%s", bpf_program__name(p));
		if (btf__find_by_name_kind(vmlinux, type, BTF_KIND_TYPEDEF) > 0)
			n++;
		else
			bpf_program__set_autoload(p, false);
	}
	btf__free(vmlinux);
	err = xipfloor_bpf__load(skel);
	if (!err)
		err = xipfloor_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "xip-floor: cannot load or attach: %s\n", strerror(-err));
		xipfloor_bpf__destroy(skel);
		return 1;
	}
	xip_hold("attached", n);
	xipfloor_bpf__destroy(skel);
	return 0;
}
