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
SANBIN := $(BUILD)/san/bin
# (defined here: the tools rule below names them, and make expands a rule's
# prerequisites where it reads the rule)
FUZZ    := $(BUILD)/fuzz
FUZZOBJ := $(FUZZ)/obj
FUZZERS := $(patsubst tests/fuzz/targets/%.c,$(FUZZ)/%,$(wildcard tests/fuzz/targets/*.c))
TOOLS := $(BIN)/xiptop $(BIN)/xiptop-unit $(BIN)/xipbench $(BIN)/xipbench-unit $(BIN)/xiptop-interval \
	$(SANBIN)/xiptop $(SANBIN)/xipbench

# BPF: CO-RE objects against the patched kernel's BTF when it is built (it
# has the series' event types), else the running kernel's.
BPFDIR      := $(BUILD)/bpf
VMLINUX_BTF ?= $(firstword $(wildcard $(BUILD)/xip/obj/vmlinux) /sys/kernel/btf/vmlinux)
BPF_CFLAGS  := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -Wall -Werror -I$(BPFDIR) -Iinclude

.PHONY: FORCE fuzz fuzzers all help deps kernel kernel-stock kernel-debug kernels progs tools install uninstall check check-debug demo \
	bench soak vm clean distclean

all: kernel progs tools

help:
	@echo "make demo         install what is missing, build, boot the VM, show a DAX workload"
	@echo "make check        every test; ends with 'N passed, N failed, N skipped'"
	@echo "make deps         install the Debian 12 packages the project needs"
	@echo "make bench        benchmarks: the series with events off; xiptop's interval per row (host);"
	@echo "                  xiptop against bpftrace and perf;"
	@echo "                  xipbench: DAX against the page cache, checked against fio"
	@echo "make kernel       build the patched kernel (kernel/series on linux-source-6.12)"
	@echo "make kernel-stock build the same kernel without the series"
	@echo "make kernels      both; make kernel-debug: the patched one with the debug options"
	@echo "make all          the patched kernel, the test programs and the tools"
	@echo "make progs        the test programs the VM runs (build/bin/xip-*)"
	@echo "make tools        xiptop and xipbench, their sanitizer builds and fuzzers (build/bin/xiptop)"
	@echo "make fuzzers      the libFuzzer builds alone"
	@echo "make check-debug  every VM test on the patched kernel with KASAN, lockdep, DEBUG_VM,"
	@echo "                  KFENCE (make kernel-debug builds it); any report fails"
	@echo "make soak         xiptop under 10 minutes of file churn: memory bounded, nothing dropped"
	@echo "make fuzz         each fuzzer for FUZZ_SECONDS (300); make check runs them for 10 s"
	@echo "make install      install xiptop, xipbench, their man pages, bash completions and"
	@echo "                  xiptop.service (the exporter, for systemd)"
	@echo "                  (PREFIX=/usr/local, DESTDIR)"
	@echo "make uninstall    remove what make install installed (same PREFIX and DESTDIR)"
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

# The patched kernel with KASAN, lockdep, DEBUG_VM, KFENCE (kernel/debug.config)
kernel-debug: deps
	@kernel/build --debug

progs: $(PROGS)

tools: $(TOOLS) $(FUZZERS)

# Keep the BPF objects and skeletons make builds on the way.
.SECONDARY: $(BPFDIR)/xiptop.bpf.o $(BPFDIR)/xiptop.skel.h $(BPFDIR)/xipfloor.bpf.o \
	$(BPFDIR)/xipfloor.skel.h $(BPFDIR)/xipfill.bpf.o $(BPFDIR)/xipfill.skel.h

$(BPFDIR)/vmlinux.h: $(VMLINUX_BTF)
	@mkdir -p $(BPFDIR)
	bpftool btf dump file $< format c > $@.tmp && mv $@.tmp $@

$(BPFDIR)/%.bpf.o: bpf/%.bpf.c $(wildcard include/*.h bpf/*.h) $(BPFDIR)/vmlinux.h
	clang $(BPF_CFLAGS) -c $< -o $@

$(BPFDIR)/%.skel.h: $(BPFDIR)/%.bpf.o
	bpftool gen skeleton $< > $@.tmp && mv $@.tmp $@

# User space: tools/lib/ is the library both tools link (loading the BPF
# programs, reading the maps, snapshots, histograms, names, JSON); each
# tool's own files live in tools/TOOL/ and see only their own headers and
# the library's (-I$(<D)). Every object is also built with AddressSanitizer
# and UndefinedBehaviorSanitizer (build/san/) for the unit tests.
OBJ     := $(BUILD)/obj
SANOBJ  := $(BUILD)/san
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TOOL_CFLAGS = $(XIP_CFLAGS) -MMD -MP -Iinclude -Itools/lib -I$(BPFDIR) -I$(BUILD) -I$(<D)
LIBS_BPF := -lbpf -lelf -lz -lmount -lcap-ng

LIB_SRCS      := $(wildcard tools/lib/*.c)
XIPTOP_SRCS   := $(wildcard tools/xiptop/*.c)
XIPBENCH_SRCS := $(wildcard tools/xipbench/*.c)
objs     = $(patsubst tools/%.c,$(1)/%.o,$(2))

$(OBJ)/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) -c $< -o $@

$(SANOBJ)/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) $(SAN) -c $< -o $@

# --version: git describe of the tree built (a release tarball: its VERSION
# file), rewritten only when it changes.
$(BUILD)/xip-version.h: FORCE
	@mkdir -p $(@D)
	@v=$$(git -C $(TOP) describe --always --dirty 2>/dev/null || cat $(TOP)/VERSION 2>/dev/null || \
		echo unknown); echo "#define XIP_VERSION \"$$v\"" > $@.tmp; \
	cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(call objs,$(OBJ),tools/lib/stdopts.c) $(call objs,$(SANOBJ),tools/lib/stdopts.c): \
	$(BUILD)/xip-version.h
FORCE:

# What includes the skeleton (the library's BPF side) needs it first.
LIB_BPF_SRCS := $(shell grep -l 'xiptop.skel.h' $(LIB_SRCS))
$(call objs,$(OBJ),$(LIB_BPF_SRCS)) $(call objs,$(SANOBJ),$(LIB_BPF_SRCS)): $(BPFDIR)/xiptop.skel.h

$(BUILD)/lib/libxip.a: $(call objs,$(OBJ),$(LIB_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/lib/libxip-san.a: $(call objs,$(SANOBJ),$(LIB_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BIN)/xiptop: $(call objs,$(OBJ),$(XIPTOP_SRCS)) $(BUILD)/lib/libxip.a
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -o $@ $^ $(LIBS_BPF) -lmicrohttpd

$(BIN)/xipbench: $(call objs,$(OBJ),$(XIPBENCH_SRCS)) $(BUILD)/lib/libxip.a
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -o $@ $^ $(LIBS_BPF) -lm -pthread

# The tools built with AddressSanitizer and UndefinedBehaviorSanitizer: the
# host tests run these, and the VM tests run xiptop's where they say so.
$(SANBIN)/xiptop: $(call objs,$(SANOBJ),$(XIPTOP_SRCS)) $(BUILD)/lib/libxip-san.a
	@mkdir -p $(@D)
	$(CC) $(XIP_CFLAGS) $(SAN) -o $@ $^ $(LIBS_BPF) -lmicrohttpd

$(SANBIN)/xipbench: $(call objs,$(SANOBJ),$(XIPBENCH_SRCS)) $(BUILD)/lib/libxip-san.a
	@mkdir -p $(@D)
	$(CC) $(XIP_CFLAGS) $(SAN) -o $@ $^ $(LIBS_BPF) -lm -pthread

# Unit tests: a tool's files but its main, the library, cmocka; sanitized.
UNIT_CFLAGS = $(XIP_CFLAGS) $(SAN) -Iinclude -Itools/lib -I$(BPFDIR)

$(BIN)/xiptop-unit: $(wildcard tests/unit/xiptop-unit*.c) tests/unit/xiptop-unit.h \
		$(call objs,$(SANOBJ),$(filter-out %/main.c,$(XIPTOP_SRCS))) $(BUILD)/lib/libxip-san.a
	@mkdir -p $(BIN)
	$(CC) $(UNIT_CFLAGS) -Itools/xiptop -o $@ $(filter-out %.h,$^) -lcmocka $(LIBS_BPF) -lmicrohttpd

# The interval path on faked arrays, for scripts/bench-interval (make bench).
$(BIN)/xiptop-interval: tests/bench/xiptop-interval.c \
		$(call objs,$(OBJ),$(filter-out %/main.c,$(XIPTOP_SRCS))) $(BUILD)/lib/libxip.a
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -Itools/lib -I$(BPFDIR) -Itools/xiptop -o $@ $^ \
		$(LIBS_BPF) -lmicrohttpd

$(BIN)/xipbench-unit: tests/unit/xipbench-unit.c \
		$(call objs,$(SANOBJ),$(filter-out %/main.c,$(XIPBENCH_SRCS))) $(BUILD)/lib/libxip-san.a
	@mkdir -p $(BIN)
	$(CC) $(UNIT_CFLAGS) -Itools/xipbench -o $@ $^ -lcmocka $(LIBS_BPF) -lm -pthread

-include $(shell find $(OBJ) $(SANOBJ) $(FUZZOBJ) -name '*.d' 2>/dev/null)

# Fuzzers (clang's libFuzzer) of what parses untrusted input: the mount
# table and captured paths, names through every escaper, both command
# lines, numbers and devices. The library and xiptop's command line built
# again with coverage, ASan and UBSan; make check runs each briefly on its
# corpus (tests/fuzz/), make fuzz for FUZZ_SECONDS each.
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all
# (clang warns of designated initializers that leave fields zero; gcc, the tools' compiler, does not)
FUZZ_CFLAGS = -g -O1 -Wall -Wextra -Werror -Wno-missing-field-initializers -std=gnu11 -MMD -MP -Iinclude -Itools/lib -Itools/xiptop \
	-I$(BPFDIR) -I$(BUILD) $(FUZZ_SAN)
FUZZ_SRCS := $(LIB_SRCS) tools/xiptop/cli.c tools/xiptop/sort.c
FUZZ_SECONDS ?= 300

$(FUZZOBJ)/%.o: tools/%.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
$(call objs,$(FUZZOBJ),$(LIB_BPF_SRCS)): $(BPFDIR)/xiptop.skel.h
$(call objs,$(FUZZOBJ),tools/lib/stdopts.c): $(BUILD)/xip-version.h

$(FUZZ)/libxip-fuzz.a: $(call objs,$(FUZZOBJ),$(FUZZ_SRCS))
	rm -f $@ && ar rcs $@ $^

$(FUZZ)/%: tests/fuzz/targets/%.c $(FUZZ)/libxip-fuzz.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS_BPF)

fuzzers: $(FUZZERS)

fuzz: deps fuzzers
	@FUZZ_SECONDS=$(FUZZ_SECONDS) XIP_RESULTS=$(RESULTS)/fuzz tests/runner fuzz tests/fuzz

# Test programs that hold BPF programs of their own (bpf/xipNAME.bpf.c):
# xip-floor, the benchmark's floor (empty programs on xiptop's events);
# xip-fill, a test's filler (a function's BPF trampoline full).
BPF_PROGS := $(BIN)/xip-floor $(BIN)/xip-fill
$(BPF_PROGS): $(BIN)/xip-%: tests/progs/xip-%.c tests/progs/xip-hold.h $(BPFDIR)/xip%.skel.h
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -I$(BPFDIR) -o $@ $< -lbpf -lelf -lz

$(BIN)/%: tests/progs/%.c include/xip-size.h tests/progs/xip-rounds.h
	@mkdir -p $(BIN)
	$(CC) $(XIP_CFLAGS) -Iinclude -o $@ $< $(LDLIBS)

PREFIX ?= /usr/local
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
# systemd looks for units of /usr/local in /usr/local/lib/systemd/system too
UNITDIR     := $(PREFIX)/lib/systemd/system
# The docs, under docs/ as in the source (their links between them hold):
# doctor's "see: docs/doctor.md#id" and the man pages' pointers resolve
# from DOCDIR; docs/prometheus/ has the scrape config, alerts and dashboard.
DOCDIR      := $(PREFIX)/share/doc/xip
USER_DOCS   := $(sort $(wildcard docs/*.md docs/prometheus/*))
install: $(BIN)/xiptop $(BIN)/xipbench
	install -D -m 0755 $(BIN)/xiptop $(DESTDIR)$(PREFIX)/sbin/xiptop
	install -D -m 0755 $(BIN)/xipbench $(DESTDIR)$(PREFIX)/bin/xipbench
	install -D -m 0644 docs/xiptop.8 $(DESTDIR)$(PREFIX)/share/man/man8/xiptop.8
	install -D -m 0644 docs/xipbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/xipbench.1
	install -D -m 0644 completion/xiptop $(DESTDIR)$(BASHCOMPDIR)/xiptop
	install -D -m 0644 completion/xipbench $(DESTDIR)$(BASHCOMPDIR)/xipbench
	for f in $(USER_DOCS); do install -D -m 0644 $$f $(DESTDIR)$(DOCDIR)/$$f || exit 1; done
	@mkdir -p $(DESTDIR)$(UNITDIR)
	sed 's|@SBINDIR@|$(PREFIX)/sbin|g' scripts/xiptop.service > $(DESTDIR)$(UNITDIR)/xiptop.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/xiptop.service

# The files install installs, and only those: the directories may hold
# other packages' files, so they stay.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/xiptop $(DESTDIR)$(PREFIX)/bin/xipbench \
		$(DESTDIR)$(PREFIX)/share/man/man8/xiptop.8 \
		$(DESTDIR)$(PREFIX)/share/man/man1/xipbench.1 \
		$(DESTDIR)$(BASHCOMPDIR)/xiptop $(DESTDIR)$(BASHCOMPDIR)/xipbench \
		$(DESTDIR)$(UNITDIR)/xiptop.service
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(USER_DOCS))

# make check: every suite runs even when an earlier one fails; the last line
# is the count over all of them, and the exit status says if any failed.
# The two VM suites run at once, each VM on one host thread (tests/vm/run:
# TCG thread=single), so that the two cores serve both.
check: deps
	@rm -rf $(RESULTS)/check; mkdir -p $(RESULTS)/check
	@$(MAKE) -s kernels progs tools || echo "FAIL build/kernels-programs-tools" >> $(RESULTS)/check/results
	@XIP_RESULTS=$(RESULTS)/check tests/runner unit tests/unit || true
	@XIP_RESULTS=$(RESULTS)/check XIP_BIN=$(SANBIN) tests/runner host tests/host || true
	@XIP_RESULTS=$(RESULTS)/check tests/runner fuzz tests/fuzz || true
	@echo "vm, vm-stock: both VM suites at once; their output follows when both end"
	@XIP_RESULTS=$(RESULTS)/check tests/vm/suite > $(RESULTS)/check/vm.out 2>&1 & \
	 XIP_RESULTS=$(RESULTS)/check tests/vm/suite --stock > $(RESULTS)/check/vm-stock.out 2>&1; \
	 wait; cat $(RESULTS)/check/vm.out $(RESULTS)/check/vm-stock.out
	@XIP_RESULTS=$(RESULTS)/check tests/runner kernel tests/kernel || true
	@tests/summarize $(RESULTS)/check/results

# Every VM test on the debug kernel; any KASAN, lockdep or other report
# fails it. Not in make check: the debug kernel's build and its slower
# boots do not fit CI's time (docs/harness.md).
check-debug: deps
	@rm -rf $(RESULTS)/check-debug; mkdir -p $(RESULTS)/check-debug
	@$(MAKE) -s kernel-debug progs tools || echo "FAIL build/kernel-debug-programs-tools" >> $(RESULTS)/check-debug/results
	@XIP_RESULTS=$(RESULTS)/check-debug tests/vm/suite --debug || true
	@tests/summarize $(RESULTS)/check-debug/results

demo: deps kernel progs tools
	@scripts/demo

# Benchmarks: ratios measured in one run, never timed tests (docs/bench.md).
bench: deps kernels progs tools
	@scripts/bench-kernel
	@scripts/bench-interval
	@scripts/bench-xiptop
	@scripts/bench-xipbench

# Not in make check: 10 minutes (SOAK_SECONDS) of churn under xiptop.
soak: deps kernel progs tools
	@scripts/soak $(SOAK_SECONDS)

vm: kernel progs tools
	@tests/vm/run -- $(CMD)

clean:
	rm -rf $(BIN) $(RESULTS)

distclean:
	rm -rf $(BUILD) $(RESULTS)
