# xip: observability for execute-in-place (DAX) file access.
# See README.md; `make help` lists the targets.

TOP     := $(CURDIR)
BUILD   := $(TOP)/build
BIN     := $(BUILD)/bin
RESULTS ?= $(TOP)/results

CC      ?= gcc
CFLAGS  ?= -O2 -g
XIP_CFLAGS := -Wall -Wextra -Werror -std=gnu11 $(CFLAGS)
LDLIBS  := -pthread

PROGS := $(patsubst tests/progs/%.c,$(BIN)/%,$(wildcard tests/progs/*.c))
TOOLS := $(BIN)/xiptop $(BIN)/xiptop-unit $(BIN)/xipbench $(BIN)/xipbench-unit

# BPF: CO-RE objects against the patched kernel's BTF when it is built (it
# has the series' event types), else the running kernel's.
BPFDIR      := $(BUILD)/bpf
VMLINUX_BTF ?= $(firstword $(wildcard $(BUILD)/xip/obj/vmlinux) /sys/kernel/btf/vmlinux)
BPF_CFLAGS  := -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror -I$(BPFDIR) -Iinclude

.PHONY: all help deps kernel kernel-stock kernels progs tools install check demo bench vm \
	clean distclean

all: kernel progs tools

help:
	@echo "make demo         install what is missing, build, boot the VM, show a DAX workload"
	@echo "make check        every test; ends with 'N passed, N failed, N skipped'"
	@echo "make deps         install the Debian 12 packages the project needs"
	@echo "make bench        benchmarks: the series with events off; xiptop against bpftrace and perf;"
	@echo "                  xipbench: DAX against the page cache, checked against fio"
	@echo "make kernel       build the patched kernel (kernel/series on linux-source-6.12)"
	@echo "make kernel-stock build the same kernel without the series"
	@echo "make install      install xiptop, its man page and xipbench (PREFIX=/usr/local, DESTDIR)"
	@echo "make vm CMD='...' boot the patched kernel and run CMD in it (tests/vm/run)"
	@echo "make clean        remove built programs and results (keeps kernel builds)"
	@echo "make distclean    remove everything built, kernels included"

deps:
	@scripts/deps

kernel: deps
	@kernel/build

kernel-stock: deps
	@kernel/build --stock

kernels: kernel kernel-stock

progs: $(PROGS)

tools: $(TOOLS)

# Keep the BPF objects and skeletons make builds on the way.
.SECONDARY: $(BPFDIR)/xiptop.bpf.o $(BPFDIR)/xiptop.skel.h $(BPFDIR)/xipfloor.bpf.o \
	$(BPFDIR)/xipfloor.skel.h

$(BPFDIR)/vmlinux.h: $(VMLINUX_BTF)
	@mkdir -p $(BPFDIR)
	bpftool btf dump file $< format c > $@.tmp && mv $@.tmp $@

$(BPFDIR)/%.bpf.o: bpf/%.bpf.c $(wildcard include/*.h) $(BPFDIR)/vmlinux.h
	clang $(BPF_CFLAGS) -c $< -o $@

$(BPFDIR)/%.skel.h: $(BPFDIR)/%.bpf.o
	bpftool gen skeleton $< > $@.tmp && mv $@.tmp $@

# xiptop: tools/xiptop/*.c; its pure logic (no libbpf, no terminal) is
# also linked into the unit tests.
XIPTOP_SRCS  := $(wildcard tools/xiptop/*.c)
XIPTOP_LOGIC := $(addprefix tools/xiptop/,model.c cli.c names.c output.c json.c)
XIPTOP_HDRS  := $(wildcard tools/xiptop/*.h) include/xiptop.h

$(BIN)/xiptop: $(XIPTOP_SRCS) $(XIPTOP_HDRS) $(BPFDIR)/xiptop.skel.h
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -I$(BPFDIR) -Itools/xiptop -o $@ $(XIPTOP_SRCS) -lbpf -lelf -lz

$(BIN)/xiptop-unit: tests/unit/xiptop-unit.c $(XIPTOP_LOGIC) $(XIPTOP_HDRS)
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -Itools/xiptop -o $@ $< $(XIPTOP_LOGIC) -lcmocka

# xipbench: tools/xipbench/*.c, with xiptop's kernel side and model for the
# fault kinds of each run; its pure logic is unit-tested too.
XIPBENCH_SRCS  := $(wildcard tools/xipbench/*.c) \
	$(addprefix tools/xiptop/,kernel.c model.c output.c json.c names.c cli.c)
XIPBENCH_LOGIC := $(addprefix tools/xipbench/,stats.c args.c workloads.c report.c checks.c) \
	$(addprefix tools/xiptop/,model.c output.c json.c names.c cli.c)
XIPBENCH_HDRS  := $(wildcard tools/xipbench/*.h) $(XIPTOP_HDRS) include/xip-size.h

$(BIN)/xipbench: $(XIPBENCH_SRCS) $(XIPBENCH_HDRS) $(BPFDIR)/xiptop.skel.h
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -I$(BPFDIR) -Itools/xiptop -Itools/xipbench -o $@ \
		$(XIPBENCH_SRCS) -lbpf -lelf -lz -lm -pthread

$(BIN)/xipbench-unit: tests/unit/xipbench-unit.c $(XIPBENCH_LOGIC) $(XIPBENCH_HDRS)
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -Itools/xiptop -Itools/xipbench -o $@ $< $(XIPBENCH_LOGIC) \
		-lcmocka -lm -pthread

# The benchmark's floor: empty programs on xiptop's events.
$(BIN)/xip-floor: tests/progs/xip-floor.c $(BPFDIR)/xipfloor.skel.h
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -I$(BPFDIR) -o $@ $< -lbpf -lelf -lz

$(BIN)/%: tests/progs/%.c include/xip-size.h
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -o $@ $< $(LDLIBS)

PREFIX ?= /usr/local
install: $(BIN)/xiptop $(BIN)/xipbench
	install -D -m 0755 $(BIN)/xiptop $(DESTDIR)$(PREFIX)/sbin/xiptop
	install -D -m 0755 $(BIN)/xipbench $(DESTDIR)$(PREFIX)/bin/xipbench
	install -D -m 0644 docs/xiptop.8 $(DESTDIR)$(PREFIX)/share/man/man8/xiptop.8

# make check: every suite runs even when an earlier one fails; the last line
# is the count over all of them, and the exit status says if any failed.
check: deps
	@rm -rf $(RESULTS)/check; mkdir -p $(RESULTS)/check
	@$(MAKE) -s kernels progs tools || echo "FAIL build/kernels-programs-tools" >> $(RESULTS)/check/results
	@XIP_RESULTS=$(RESULTS)/check tests/runner unit tests/unit || true
	@XIP_RESULTS=$(RESULTS)/check tests/runner host tests/host || true
	@XIP_RESULTS=$(RESULTS)/check tests/vm/suite || true
	@XIP_RESULTS=$(RESULTS)/check tests/vm/suite --stock || true
	@XIP_RESULTS=$(RESULTS)/check tests/runner kernel tests/kernel || true
	@tests/summarize $(RESULTS)/check/results

demo: deps kernel progs tools
	@scripts/demo

# Benchmarks: ratios measured in one run, never timed tests (docs/bench.md).
bench: deps kernels progs tools
	@scripts/bench-kernel
	@scripts/bench-xiptop
	@scripts/bench-xipbench

vm: kernel progs tools
	@tests/vm/run -- $(CMD)

clean:
	rm -rf $(BIN) $(RESULTS)

distclean:
	rm -rf $(BUILD) $(RESULTS)
