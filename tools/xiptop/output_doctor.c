// SPDX-License-Identifier: GPL-2.0
/* 'xiptop doctor': its findings, worst first, as text or one JSON object. */
#include "escape.h"
#include "json.h"
#include "kinds.h"
#include "output.h"
#include "units.h"

/* What a finding's numbers are (count, out of), for the text and the JSON keys. */
static const struct {
	const char *count, *of;
} keys[XL_NR_FINDINGS] = {
	[XL_F_NOT_DAX] = { "page_cache_faults", "files" },
	[XL_F_DEVICE_MISALIGNED] = { "partition_start_bytes", "wanted_multiple_of" },
	[XL_F_NAMESPACE_ALIGN] = { "namespace_align_bytes", "wanted_multiple_of" },
	[XL_F_NUMA_REMOTE] = { "remote_faults", "faults" },
	[XL_F_FAILED_FAULTS] = { "failed_faults", "faults" },
	[XL_F_PMD_DISABLED] = { "small_faults", "faults" },
	[XL_F_FS_UNALIGNED_ALLOC] = { "allocation_hint_bytes", "wanted_multiple_of" },
	[XL_F_PMD_MISALIGNED_MAPPING] = { "fallbacks", "pmd_attempts" },
	[XL_F_PMD_PRIVATE_WRITE] = { "fallbacks", "pmd_attempts" },
	[XL_F_PMD_VMA_TOO_SMALL] = { "fallbacks", "pmd_attempts" },
	[XL_F_PMD_BEYOND_EOF] = { "fallbacks", "pmd_attempts" },
	[XL_F_PMD_PTE_ENTRIES] = { "fallbacks", "pmd_attempts" },
	[XL_F_PMD_EXTENT] = { "fallbacks", "pmd_attempts" },
	[XL_F_PMD_NEEDS_SERIES] = { "fallbacks", "pmd_attempts" },
	[XL_F_ALLOCATING_FAULTS] = { "major_faults", "faults" },
	[XL_F_UNWRITTEN_ZEROING] = { "unwritten_bytes_zeroed", "zeroed_bytes" },
	[XL_F_COW_STORM] = { "cow_faults", "faults" },
	[XL_F_HOLE_LOADS] = { "hole_loads", "faults" },
};

static void mix(FILE *f, const struct xt_view *v)
{
	char n[16];
	int first = 1;

	fprintf(f, "%llu faults", (unsigned long long)v->totals.faults);
	for (size_t k = 0; k < xl_nr_fault_kinds; k++) {
		uint64_t c = v->totals.st.count[xl_fault_kinds[k]];

		if (c && xl_lat_available(&v->caps, xl_fault_kinds[k])) {
			fprintf(f, "%s %s %s", first ? ":" : ",", xl_human(n, c), xl_lat_names[xl_fault_kinds[k]]);
			first = 0;
		}
	}
}

/* The window's DAX faults: none is not a healthy verdict, but nothing to judge */
static uint64_t dax_faults(const struct xt_view *v)
{
	return v->totals.faults - v->totals.st.count[XIP_PAGECACHE];
}

/* What could not be recorded in the window: findings may miss it. */
static void not_recorded(FILE *f, const struct xt_view *v)
{
	int any = 0;

	for (int c = 0; c < XIP_NR_COUNTERS; c++)
		if (v->counters[c])
			fprintf(f, "%s %s %llu", any++ ? "," : "(not recorded in the window:",
				xl_counter_names[c], (unsigned long long)v->counters[c]);
	if (v->life.lost)
		fprintf(f, "%s lost_faults %llu", any++ ? "," : "(not recorded in the window:",
			(unsigned long long)v->life.lost);
	if (any)
		fprintf(f, "; findings may miss what these were%s)\n",
			v->counters[XIP_CTR_FILES_FULL] ? ": raise --max-files" : "");
}

void xt_print_doctor(FILE *f, const struct xt_view *v, const struct xt_findings *fs)
{
	char a[16], b[16], p[XT_TERM_PATH], src[1024], opts[1024];

	fprintf(f, "xiptop doctor: %.1f s watched, %zu files, ", v->interval, v->nrows);
	mix(f, v);
	fprintf(f, "; %s of fault time\n", xl_human_ns(a, fs->fault_ns));
	if (fs->other_files)	/* what impacts are not shares of */
		fprintf(f, "(left out: %s of page-cache faults in %zu files on devices that cannot do DAX)\n",
			xl_human_ns(b, fs->other_ns), fs->other_files);
	if (!xl_lat_available(&v->caps, XIP_PAGECACHE))
		fputs("(not-dax not checked: no page-cache faults without kprobes)\n", f);
	if (!v->caps.unwritten)
		fputs("(unwritten-zeroing not told from allocating-faults: only ext4 says which new blocks were unwritten)\n", f);
	not_recorded(f, v);
	if (fs->procs_unreadable)
		fprintf(f, "(pmd-disabled not checked in %u processes: their mappings are not readable without CAP_SYS_PTRACE)\n",
			fs->procs_unreadable);
	if (!fs->n && !dax_faults(v)) {
		fputs("\nNo DAX fault in the window: nothing to judge. Was the workload running,"
		      " and is its file system mounted with -o dax (and within -M, -d, -p)?\n", f);
		return;
	}
	if (!fs->n) {
		fputs("\nNo problem found.\n", f);
		return;
	}
	for (size_t i = 0; i < fs->n; i++) {
		const struct xt_finding *x = &fs->f[i];
		const struct xl_finding_info *in = &xl_findings_info[x->id];

		/* names are hostile: as the screen shows them */
		if (x->row)
			fprintf(f, "\n%zu. %s  file %s\n   %s", i + 1, in->id,
				xl_term_str(p, sizeof(p), x->row->path ? x->row->path : "?"), in->what);
		else
			fprintf(f, "\n%zu. %s  file system %s (%s, %s)\n   %s", i + 1, in->id,
				xl_term_str(p, sizeof(p), x->fs->mountpoint),
				xl_term_str(src, sizeof(src), x->fs->source),
				xl_term_str(opts, sizeof(opts), x->fs->options), in->what);
		if (x->id == XL_F_PMD_DISABLED && x->fs)
			fputs("\n   evidence: this kernel has no transparent huge pages (/sys/kernel/mm/transparent_hugepage)", f);
		else
			fprintf(f, "\n   evidence: %llu %s", (unsigned long long)x->count, keys[x->id].count);
		if (x->of && x->id == XL_F_NOT_DAX)
			fprintf(f, " in %llu %s", (unsigned long long)x->of, keys[x->id].of);
		else if (x->of && x->fs && x->id != XL_F_NUMA_REMOTE)
			fprintf(f, ", wanted a multiple of %llu", (unsigned long long)x->of);
		else if (x->of)
			fprintf(f, " of %llu %s (%.0f%%)", (unsigned long long)x->of, keys[x->id].of,
				100.0 * x->count / x->of);
		if (x->id == XL_F_NAMESPACE_ALIGN && x->fs->ns_name[0])
			fprintf(f, ", %s", x->fs->ns_name);
		if (x->id == XL_F_NUMA_REMOTE)
			fprintf(f, ", its persistent memory on node %d", x->fs->numa_node);
		/* a write that fails is most often out of space, a read past EOF or an I/O error */
		if (x->id == XL_F_FAILED_FAULTS)
			fprintf(f, ", %llu of them writes",
				(unsigned long long)x->row->f->st.failed[XIP_WRITE]);
		if (x->nothp)
			fprintf(f, "; pid %d (%s) %s", x->nothp->pid,
				xl_term_str(src, sizeof(src), x->nothp->comm), x->nothp->why);
		if (x->ns)
			fprintf(f, ", %s of fault time", xl_human_ns(b, x->ns));
		if (x->id == XL_F_FAILED_FAULTS)
			fputs("\n   impact:   failures (each a signal to the task, or the OOM killer; not timed)", f);
		else if (x->impact >= 0)
			fprintf(f, "\n   impact:   %.0f%% of the workload's fault time", 100 * x->impact);
		else if (xl_finding_is_potential(x->id))
			fputs(x->id == XL_F_NUMA_REMOTE ?
			      "\n   impact:   potential (the same faults on local persistent memory)" :
			      "\n   impact:   potential (2 MiB faults that could have been)", f);
		else
			fputs("\n   impact:   unknown (none of its faults was timed in the window)", f);
		fprintf(f, "\n   fix:      %s\n   see:      docs/doctor.md#%s\n", in->fix, in->id);
	}
}

void xt_print_doctor_json(FILE *f, const struct xt_view *v, const struct xt_findings *fs)
{
	char stamp[32];
	struct xl_out out, *o = &out;

	xl_out_init(o, f);
	xl_out_printf(o, "{\"schema\":%d,\"timestamp\":\"%s\",\"seconds\":%.3f,\"files\":%zu,\"faults\":%llu,\"fault_ns\":%llu",
		      XT_SCHEMA, xl_rfc3339(stamp, &v->wall), v->interval, v->nrows,
		      (unsigned long long)v->totals.faults, (unsigned long long)fs->fault_ns);
	xl_out_printf(o, ",\"other_devices\":{\"files\":%zu,\"fault_ns\":%llu}", fs->other_files,
		      (unsigned long long)fs->other_ns);
	xl_out_printf(o, ",\"dax_faults\":%llu,", (unsigned long long)dax_faults(v));
	xl_json_counters(o, v->counters);
	xl_out_printf(o, ",\"lost_faults\":%llu", (unsigned long long)v->life.lost);
	xl_out_puts(o, ",\"mix\":{");
	for (size_t k = 0, first = 1; k < xl_nr_fault_kinds; k++)
		if (xl_lat_available(&v->caps, xl_fault_kinds[k])) {
			xl_out_printf(o, "%s\"%s\":%llu", first ? "" : ",", xl_lat_names[xl_fault_kinds[k]],
				      (unsigned long long)v->totals.st.count[xl_fault_kinds[k]]);
			first = 0;
		}
	/* what this kernel cannot decide: said, never guessed */
	xl_out_puts(o, "},\"not_checked\":[");
	if (!xl_lat_available(&v->caps, XIP_PAGECACHE))
		xl_out_puts(o, "\"not-dax\"");
	if (!v->caps.unwritten)
		xl_out_printf(o, "%s\"unwritten-zeroing\"", xl_lat_available(&v->caps, XIP_PAGECACHE) ? "" : ",");
	xl_out_printf(o, "],\"processes_unreadable\":%u,\"findings\":[", fs->procs_unreadable);
	for (size_t i = 0; i < fs->n; i++) {
		const struct xt_finding *x = &fs->f[i];
		const struct xl_finding_info *in = &xl_findings_info[x->id];

		xl_out_printf(o, "%s{\"id\":\"%s\",\"scope\":\"%s\",\"path\":", i ? "," : "", in->id,
			      x->row ? "file" : "file system");
		xl_json_str(o, x->row ? (x->row->path ? x->row->path : "") : x->fs->mountpoint);
		if (x->row) {
			xl_out_printf(o, ",\"dev\":\"%u:%u\",\"ino\":%llu", XIP_KDEV_MAJOR(x->row->f->key.dev),
				      XIP_KDEV_MINOR(x->row->f->key.dev), (unsigned long long)x->row->f->key.ino);
		} else {
			xl_out_printf(o, ",\"dev\":\"%u:%u\",\"device\":", XIP_KDEV_MAJOR(x->fs->dev),
				      XIP_KDEV_MINOR(x->fs->dev));
			xl_json_str(o, x->fs->source);
			xl_out_puts(o, ",\"options\":");
			xl_json_str(o, x->fs->options);
		}
		xl_out_printf(o, ",\"evidence\":{\"%s\":%llu", keys[x->id].count, (unsigned long long)x->count);
		if (x->of)
			xl_out_printf(o, ",\"%s\":%llu", keys[x->id].of, (unsigned long long)x->of);
		if (x->ns)
			xl_out_printf(o, ",\"fault_ns\":%llu", (unsigned long long)x->ns);
		if (x->id == XL_F_NAMESPACE_ALIGN && x->fs->ns_name[0]) {
			xl_out_puts(o, ",\"namespace\":");
			xl_json_str(o, x->fs->ns_name);
		}
		if (x->id == XL_F_NUMA_REMOTE)
			xl_out_printf(o, ",\"pmem_node\":%d", x->fs->numa_node);
		if (x->id == XL_F_FAILED_FAULTS)
			xl_out_printf(o, ",\"writes\":%llu",
				      (unsigned long long)x->row->f->st.failed[XIP_WRITE]);
		if (x->nothp) {
			xl_out_printf(o, ",\"pid\":%d,\"comm\":", x->nothp->pid);
			xl_json_str(o, x->nothp->comm);
			xl_out_puts(o, ",\"turned_off_by\":");
			xl_json_str(o, x->nothp->why);
		}
		if (x->id == XL_F_PMD_DISABLED && x->fs)
			xl_out_puts(o, ",\"transparent_hugepage\":false");
		xl_out_puts(o, "},\"impact\":");
		if (x->id == XL_F_FAILED_FAULTS)
			xl_out_puts(o, "\"failures\"");
		else if (x->impact >= 0)
			xl_out_printf(o, "%.4f", x->impact);
		else if (xl_finding_is_potential(x->id))
			xl_out_puts(o, "\"potential\"");
		else
			xl_out_puts(o, "null");
		xl_out_puts(o, ",\"what\":");
		xl_json_str(o, in->what);
		xl_out_puts(o, ",\"fix\":");
		xl_json_str(o, in->fix);
		xl_out_printf(o, ",\"doc\":\"docs/doctor.md#%s\"}", in->id);
	}
	xl_out_puts(o, "]}\n");
	xl_out_flush(o);
}

void xt_print_row_findings(FILE *f, const struct xt_view *v, const struct xt_row *r)
{
	const struct xt_findings *fs = v->findings;

	for (size_t i = 0; fs && i < fs->n; i++) {
		const struct xl_finding_info *in = &xl_findings_info[fs->f[i].id];

		if (fs->f[i].row != r)
			continue;
		fprintf(f, "%s: %s\n  fix: %s (docs/doctor.md#%s)\n", in->id, in->what, in->fix, in->id);
	}
}
