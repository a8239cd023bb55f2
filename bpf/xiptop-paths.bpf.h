/* SPDX-License-Identifier: GPL-2.0 */
/* A file's names up to its file system's root (included by xiptop.bpf.c). */
#ifndef XIPTOP_PATHS_BPF_H
#define XIPTOP_PATHS_BPF_H

#include "xiptop-state.bpf.h"

/*
 * Path p of inode ik into map, which its length picked, and out of other.
 * Captured again (a rename), the path may have moved maps: the other's
 * entry goes, and both go when the new one could not be written (no path
 * is better than the old one). A first capture may have read the old
 * name while a rename put the new one in the other map: it sees that
 * entry after its own insert and takes its own out again. (Each map's
 * update and delete of a key are ordered by that key's bucket lock:
 * either the rename's delete came after this insert and removed it, or
 * its write to the other map came before this lookup.)
 */
static __always_inline long store_path(void *map, void *other, const struct xip_inode_key *ik,
				       const struct xip_path *p, bool again)
{
	long err = bpf_map_update_elem(map, ik, p, again ? BPF_ANY : BPF_NOEXIST);

	if (again) {
		bpf_map_delete_elem(other, ik);
		if (err)
			bpf_map_delete_elem(map, ik);
	} else if (!err && bpf_map_lookup_elem(other, ik)) {
		bpf_map_delete_elem(map, ik);
	}
	return err;
}

/*
 * The file's names up to its file system's root, once per inode (again
 * when it is renamed: again, from the rename program): a fault path never
 * walks dentries again for a file it has seen. preemptible: the caller
 * is an fentry or fexit program (so is the rename program).
 */
static __always_inline void capture_path(struct inode *inode, __u32 dev, __u64 ino, __u32 gen,
					 bool again, bool preemptible)
{
	struct xip_inode_key ik = { .ino = ino, .dev = dev, .gen = gen };
	struct dentry *d, *parent;
	struct hlist_node *alias;
	struct xip_scratch *s;
	struct xip_path *p;
	const unsigned char *name;
	__u32 which = again || preemptible, off;
	long n;
	int i, err;

	if (!want_paths || !inode)
		return;
	if (!again && (bpf_map_lookup_elem(&paths, &ik) || bpf_map_lookup_elem(&paths_long, &ik)))
		return;
	s = bpf_map_lookup_elem(&path_scratch, &which);
	if (!s)
		return;
	/*
	 * The preemptible programs: one of them per CPU at a time (one
	 * preempted while another runs there would find its names
	 * overwritten). The other is told: its file goes without a path,
	 * a renamed one too (no path is better than the old one).
	 */
	if (which && __sync_val_compare_and_swap(&s->busy, 0, 1)) {
		if (again) {
			bpf_map_delete_elem(&paths, &ik);
			bpf_map_delete_elem(&paths_long, &ik);
		}
		bump(XIP_CTR_PATHS_FULL);
		return;
	}
	p = &s->p;
	p->len = 0;
	p->depth = 0;
	p->complete = 0;
	alias = BPF_CORE_READ(inode, i_dentry.first);
	if (alias) {	/* none: the file was unlinked */
		d = (void *)alias - bpf_core_field_offset(struct dentry, d_u.d_alias);
		for (i = 0; i < XIP_PATH_DEPTH; i++) {
			parent = BPF_CORE_READ(d, d_parent);
			if (parent == d) {
				p->complete = 1;
				break;
			}
			off = p->len;
			if (off >= XIP_PATH_BUF)
				break;
			name = BPF_CORE_READ(d, d_name.name);
			n = bpf_probe_read_kernel_str(p->buf + (off & (XIP_PATH_BUF - 1)),
						      XIP_NAME_MAX, name);
			if (n <= 0)
				break;
			p->len = off + n;
			p->depth++;
			d = parent;
		}
	}
	/* a short path's value is the start of p */
	if (p->len <= XIP_PATH_SHORT)
		err = store_path(&paths, &paths_long, &ik, p, again);
	else
		err = store_path(&paths_long, &paths, &ik, p, again);
	if (which)
		s->busy = 0;	/* its CPU's: migration is off, program order holds */
	if (err && err != -EEXIST)
		bump(XIP_CTR_PATHS_FULL);
}

#endif
