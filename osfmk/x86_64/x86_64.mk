#
# osfmk/x86_64/x86_64.mk - the x86_64 machine: kernel image, boot archive
# and the boot smoke test.  Included by makedefs/MakeInc.top.
#
#   make x86_64-kernel     BUILD/obj/<config>/x86_64/kernel (PVH ELF)
#   make test-x86_64-boot  boot it under QEMU with the smoke programs
#   make run-x86_64        boot it with the console on this terminal
#   make bench-x86_64 [PEERS=1]  the benchmark table (PEERS=1: GNU Mach
#                          and Linux measured in the same invocation)
#
# The kernel links every source of config/files built for x86_64
# (KERNEL_SRCS_COMMON + KERNEL_SRCS_x86_64, as computed by MakeInc.rule,
# those that exist) plus everything under osfmk/x86_64 and osfmk/vm, and
# X86_KERNEL_EXTRA_SRCS (e.g. generated MIG servers).  The stand-ins of
# osfmk/x86_64/standalone.c are weak, so the kernel's own definitions
# win when they are linked in.
#

X86_OBJ		:= $(OBJROOT)/x86_64
X86_KERNEL	:= $(X86_OBJ)/kernel
X86_GCC_INC	:= $(shell $(CC) -print-file-name=include)
X86_LD		?= ld

# The configuration's -D flags, rebuilt here so that a version string
# with spaces stays one word.
X86_VERSION	:= $(shell cat $(SRCROOT)/config/version)
X86_CONFIG_DEFINES := $(addprefix -D,$(CONFIG_OPTIONS)) \
		   -DHARBOR_CONFIG='"$(KERNEL_CONFIGS)"' \
		   -DHARBOR_VERSION='"$(X86_VERSION)"'
# The kernel is optimised as a whole: a message's path crosses a dozen
# files (trap, mach_msg, ipc_fast, ipc_kmsg, ipc_mqueue, ipc_entry,
# sched_prim, the machine's scheduler), and link-time optimisation lets
# the compiler inline across them.  Measured in guest instructions
# (doc/benchmarks.md): 2-task RPC 2439 -> 2141, 2-thread 2394 -> 2091;
# -O3 is worth about 20 of that, and a higher inlining limit another 56
# (no kernel frame grows past 488 bytes).  The objects are fat (real code too), so
# that each file still gets its own warnings when it is compiled; the
# link leaves out -Wmaybe-uninitialized, which across files mistakes
# out-parameters that are set on success (MIG servers) for uninitialised.
# Objects depend on this file, so a change of flags rebuilds them.
X86_KOPT	:= -flto=auto -ffat-lto-objects -O3 -finline-limit=1000
X86_KCFLAGS	:= $(X86_CFLAGS) -fno-pie $(X86_DEFINES) \
		   -DMACH_KERNEL_PRIVATE=1 $(X86_CONFIG_DEFINES) \
		   $(WARNFLAGS) $(CSTD) -isystem $(X86_GCC_INC) \
		   $(KERNEL_INCLUDES) $(X86_KOPT)

x86_rel		= $(patsubst $(SRCROOT)/%,%,$(1))
X86_KSRCS	:= $(sort $(call x86_rel,\
		     $(wildcard $(addprefix $(SRCROOT)/,$(call x86_rel,\
		       $(KERNEL_SRCS_COMMON) $(KERNEL_SRCS_x86_64))))) \
		     $(call x86_rel,$(wildcard $(SRCROOT)/osfmk/x86_64/*.c \
		       $(SRCROOT)/osfmk/x86_64/*.S $(SRCROOT)/osfmk/vm/*.c)))
# The real kernel: everything but the machine-only stand-ins.
X86_STANDALONE	:= $(X86_OBJ)/kobj/osfmk/x86_64/standalone.o \
		   $(X86_OBJ)/kobj/osfmk/x86_64/md_selftest.o
X86_KOBJS	:= $(filter-out $(X86_STANDALONE),\
		     $(addprefix $(X86_OBJ)/kobj/,\
		     $(addsuffix .o,$(basename $(X86_KSRCS))))) \
		   $(patsubst $(OBJROOT)/mig/%.c,$(X86_OBJ)/kobj/mig/%.o,\
		     $(MIG_KERNEL_SRCS)) \
		   $(X86_KERNEL_EXTRA_OBJS)

X86_KDEPS	:= $(SRCROOT)/osfmk/x86_64/x86_64.mk

$(X86_OBJ)/kobj/mig/%.o: $(OBJROOT)/mig/%.c $(MIG_GENERATED_HEADERS) $(X86_KDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_KCFLAGS) -Wno-unused-function -MMD -MP -c $< -o $@

$(X86_OBJ)/kobj/%.o: $(SRCROOT)/%.c $(MIG_GENERATED_HEADERS) $(X86_KDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_KCFLAGS) -MMD -MP -c $< -o $@

# The machine's own sources need no generated header.
$(X86_OBJ)/kobj/osfmk/x86_64/%.o: $(SRCROOT)/osfmk/x86_64/%.c $(X86_KDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_KCFLAGS) -MMD -MP -c $< -o $@

$(X86_OBJ)/kobj/osfmk/vm/%.o: $(SRCROOT)/osfmk/vm/%.c $(X86_KDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_KCFLAGS) -MMD -MP -c $< -o $@

$(X86_OBJ)/kobj/%.o: $(SRCROOT)/%.S $(X86_KDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_KCFLAGS) -D__ASSEMBLER__ -MMD -MP -c $< -o $@

# Linked by the compiler driver, which runs the link-time optimiser.
X86_LINK	= $(CC) $(X86_KCFLAGS) -Wno-maybe-uninitialized \
		  -static -nostdlib -Wl,-z,max-page-size=4096 \
		  -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		  -Wl,-T,$(SRCROOT)/osfmk/x86_64/kernel.ld

$(X86_KERNEL): $(X86_KOBJS) $(SRCROOT)/osfmk/x86_64/kernel.ld
	$(X86_LINK) -o $@ $(X86_KOBJS)

# The machine alone (osfmk/x86_64 + osfmk/vm + libkern/string.c, with the
# weak stand-ins of standalone.c): what the boot smoke test boots, so that
# it tests the machine whatever state the rest of the kernel is in.
X86_MD_KERNEL	:= $(X86_OBJ)/kernel.md
X86_MD_KOBJS	:= $(filter-out $(X86_OBJ)/kobj/osfmk/x86_64/md_user.o,\
		     $(filter $(X86_OBJ)/kobj/osfmk/x86_64/% \
		     $(X86_OBJ)/kobj/osfmk/vm/%,$(X86_KOBJS))) \
		   $(X86_OBJ)/kobj/libkern/string.o $(X86_STANDALONE)

$(X86_MD_KERNEL): $(X86_MD_KOBJS) $(SRCROOT)/osfmk/x86_64/kernel.ld
	$(X86_LINK) -o $@ $(X86_MD_KOBJS)

-include $(X86_KOBJS:.o=.d) $(X86_STANDALONE:.o=.d)

# --- user programs of the guest ------------------------------------------
X86_UCFLAGS	:= -O2 -g -ffreestanding -fno-builtin -nostdinc \
		   -isystem $(X86_GCC_INC) -fno-pic -fno-pie \
		   -fno-stack-protector -fno-asynchronous-unwind-tables \
		   $(WARNFLAGS) $(CSTD) -I$(SRCROOT)/libsyscall/x86_64
X86_USER_LD	:= $(SRCROOT)/libsyscall/x86_64/user.ld
X86_CRT		:= $(X86_OBJ)/uobj/libsyscall/x86_64/crt0.o \
		   $(X86_OBJ)/uobj/libsyscall/x86_64/syscall.o \
		   $(X86_OBJ)/uobj/libsyscall/x86_64/tls.o

$(X86_OBJ)/uobj/%.o: $(SRCROOT)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(X86_UCFLAGS) -MMD -MP -c $< -o $@

$(X86_OBJ)/uobj/%.o: $(SRCROOT)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(X86_UCFLAGS) -MMD -MP -c $< -o $@

# x86_user_prog NAME, objects: a static program linked with crt0 + stubs
$(X86_OBJ)/bin/%: $(X86_OBJ)/uobj/libsyscall/x86_64/tests/%.o $(X86_CRT) \
		  $(X86_USER_LD)
	@mkdir -p $(dir $@)
	$(X86_LD) -static -nostdlib -z max-page-size=4096 --build-id=none \
	    -T $(X86_USER_LD) -o $@ $(X86_CRT) $< $(X86_EXTRA_UOBJS)

-include $(X86_CRT:.o=.d)

# --- any user program for the guest (run-test MACHINE=x86_64) ------------
# libsyscall for the guest: the kernel's user sources (config/files "user"
# lines for both machines and x86_64), the generated MIG user stubs, the
# guest libc (libsyscall/x86_64/libc, headers in libsyscall/x86_64/include)
# and crt0 + the trap stubs; and the darwintest harness (X86_DARWINTEST=0
# leaves it out).  Code written for both machines is built with warnings
# that do not stop the build (-Wno-error); the guest libc with -Werror.
X86_GUEST_FLAGS	:= $(X86_UCFLAGS) $(X86_CONFIG_DEFINES) -DHARBOR_X86_64=1 \
		   -I$(SRCROOT)/libsyscall/x86_64/include \
		   $(USER_INCLUDES) $(X86_USER_EXTRA_INCLUDES)
X86_LIBSYSCALL	:= $(X86_OBJ)/libsyscall.a
X86_LIBDT	:= $(X86_OBJ)/libdarwintest.a
X86_DARWINTEST	?= 1
X86_LIBC_SRCS	:= $(patsubst $(SRCROOT)/%,%,\
		     $(wildcard $(SRCROOT)/libsyscall/x86_64/libc/*.c)) \
		   libkern/string.c libkern/printf.c
X86_LIBC_OBJS	:= $(patsubst %.c,$(X86_OBJ)/guest/%.o,$(X86_LIBC_SRCS))
# libkern's printf.h, after the guest headers (libkern has a string.h too).
$(filter %/printf.o %/stdio.o,$(X86_LIBC_OBJS)): \
		X86_GUEST_FLAGS += -I$(SRCROOT)/libkern
X86_GUEST_UOBJS	:= $(patsubst %.c,$(X86_OBJ)/guest/%.o,\
		     $(USER_SRCS_COMMON) $(USER_SRCS_x86_64)) \
		   $(patsubst $(OBJROOT)/mig/%.c,$(X86_OBJ)/guest/mig/%.o,\
		     $(MIG_USER_SRCS))
X86_GUEST_DTOBJS := $(patsubst %.c,$(X86_OBJ)/guest/%.o,$(DARWINTEST_SRCS))

$(X86_OBJ)/guest/mig/%.o: $(OBJROOT)/mig/%.c $(MIG_GENERATED_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_GUEST_FLAGS) -Wno-unused-function -MMD -MP -c $< -o $@

$(X86_OBJ)/guest/%.o: $(SRCROOT)/%.c $(MIG_GENERATED_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_GUEST_FLAGS) -Wno-error -MMD -MP -c $< -o $@

$(X86_OBJ)/guest/libsyscall/x86_64/libc/%.o: \
		$(SRCROOT)/libsyscall/x86_64/libc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(X86_GUEST_FLAGS) -MMD -MP -c $< -o $@

$(X86_LIBSYSCALL): $(X86_GUEST_UOBJS) $(X86_LIBC_OBJS) $(X86_CRT)
	@rm -f $@
	$(AR) rcs $@ $(X86_GUEST_UOBJS) $(X86_LIBC_OBJS) $(X86_CRT)

$(X86_LIBDT): $(X86_GUEST_DTOBJS)
	@rm -f $@
	$(AR) rcs $@ $(X86_GUEST_DTOBJS) $(if $(X86_GUEST_DTOBJS),,/dev/null)

X86_GUEST_LIBS	:= $(if $(filter 1,$(X86_DARWINTEST)),$(X86_LIBDT)) \
		   $(X86_LIBSYSCALL)

# $(call x86_guest_bin,file.c): the guest executable built from any C file.
x86_guest_bin	= $(X86_OBJ)/ubin$(abspath $(basename $(1)))

$(X86_OBJ)/ubin/%: /%.c $(X86_GUEST_LIBS) $(X86_USER_LD) \
		   $(MIG_GENERATED_HEADERS)
	@mkdir -p $(dir $@)
	@rm -f $@ $@.o # a failed build must not leave a stale program
	$(CC) $(X86_GUEST_FLAGS) -Wno-error -I$(dir $<) -MMD -MP -MT $@ -MF $@.d \
	    -c $< -o $@.o
	$(X86_LD) -static -nostdlib -z max-page-size=4096 --build-id=none \
	    -T $(X86_USER_LD) -o $@ $(X86_CRT) $@.o --start-group \
	    $(X86_GUEST_LIBS) --end-group

-include $(X86_GUEST_UOBJS:.o=.d) $(X86_GUEST_DTOBJS:.o=.d) \
	$(X86_LIBC_OBJS:.o=.d) \
	$(shell find $(X86_OBJ)/ubin -name '*.d' 2>/dev/null)

# make run-test-x86_64 TEST=path/to/prog.c [ARGS="boot args"]
# Packs the program as /sbin/<name> (so that T_HELPER_DECL helpers can
# spawn it again) and boots it as init.
X86_RT_NAME	= $(notdir $(basename $(TEST)))
X86_RT_BIN	= $(call x86_guest_bin,$(abspath $(TEST)))
X86_RT_CPIO	= $(X86_OBJ)/run-test/$(X86_RT_NAME).cpio
# The kernel booted (test-x86_64-libc boots the machine alone).
X86_RT_KERNEL	?= $(X86_KERNEL)

run-test-x86_64: $(X86_RT_KERNEL) $(X86_MKCPIO) ensure-qemu
	@test -n "$(TEST)" || { echo "usage: make run-test-x86_64 TEST=prog.c"; exit 2; }
	@$(MAKE) --no-print-directory $(X86_RT_BIN)
	@mkdir -p $(X86_OBJ)/run-test
	@$(X86_MKCPIO) -o $(X86_RT_CPIO) sbin/$(X86_RT_NAME)=$(X86_RT_BIN)
	@QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout $(or $(TIMEOUT),120) \
	    --kernel $(X86_RT_KERNEL) --initrd $(X86_RT_CPIO) \
	    --append "init=/sbin/$(X86_RT_NAME) $(ARGS)" \
	    --log $(X86_OBJ)/run-test/$(X86_RT_NAME).log $(X86_RT_FLAGS)

# make test-x86_64-ipc: every darwintest program of tests/ipc (and the
# guest-only ones of tests/guest, e.g. user faults) in the guest, one boot
# each (a panic or hang stops only that program), as init of the real
# kernel; the results add up to one "N passed, N failed" line.
X86_IPC_TESTS	:= $(wildcard $(SRCROOT)/tests/ipc/*.c) \
		   $(wildcard $(SRCROOT)/tests/guest/*.c)
X86_IPC_BINS	:= $(foreach t,$(X86_IPC_TESTS),$(call x86_guest_bin,$(t)))

test-x86_64-ipc: $(X86_KERNEL) $(X86_MKCPIO) $(X86_IPC_BINS) ensure-qemu
	@mkdir -p $(X86_OBJ)/ipc-tests
	@p=0; f=0; for bin in $(X86_IPC_BINS); do \
	    name=$$(basename $$bin); \
	    $(X86_MKCPIO) -o $(X86_OBJ)/ipc-tests/$$name.cpio \
		sbin/$$name=$$bin || exit 1; \
	    echo "== guest: $$name"; \
	    r=$$(QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 120 \
		--kernel $(X86_KERNEL) --initrd $(X86_OBJ)/ipc-tests/$$name.cpio \
		--append "init=/sbin/$$name" \
		--log $(X86_OBJ)/ipc-tests/$$name.log \
		--expect 'zone elements leaked 0' | tail -n 1); \
	    echo "$$r"; \
	    p=$$((p + $${r%% passed*})); r=$${r#*, }; f=$$((f + $${r%% failed})); \
	done; echo "$$p passed, $$f failed"; test $$f -eq 0 -a $$p -gt 0

# make test-x86_64-libc: the guest libc's threads (pthread on the BSD
# thread calls, per-thread TLS, mutexes) on the machine-only image, whose
# stand-ins serve bsdthread_create/terminate.
X86_LIBC_TEST	:= $(SRCROOT)/libsyscall/x86_64/tests/guest_pthread.c

test-x86_64-libc: $(X86_MD_KERNEL) $(X86_MKCPIO) ensure-qemu
	@$(MAKE) --no-print-directory run-test-x86_64 TEST=$(X86_LIBC_TEST) \
	    X86_RT_KERNEL=$(X86_MD_KERNEL)

# --- tools --------------------------------------------------------------
X86_MKCPIO	:= $(TOOLSROOT)/mkcpio

$(X86_MKCPIO): $(SRCROOT)/tools/mkcpio.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

# --- the boot smoke test ------------------------------------------------
X86_SMOKE_PROGS	:= boot_smoke boot_fault boot_threads boot_fuzz boot_init
X86_SMOKE_CPIO	:= $(X86_OBJ)/boot_smoke.cpio
X86_SMOKE_ARGS	:= -v -mdtest init=/sbin/boot_smoke \
		   tests=/sbin/boot_fault,/sbin/boot_smoke,/sbin/boot_threads,/sbin/boot_fuzz

$(X86_SMOKE_CPIO): $(X86_MKCPIO) $(addprefix $(X86_OBJ)/bin/,$(X86_SMOKE_PROGS))
	$(X86_MKCPIO) -o $@ $(foreach p,$(X86_SMOKE_PROGS),sbin/$(p)=$(X86_OBJ)/bin/$(p))

# --- benchmarks (guest instructions, -icount shift=0) ---------------------
X86_BENCH_CPIO	:= $(X86_OBJ)/bench.cpio

X86_BENCH_PROGS	:= bench_trap bench_yield bench_ipc bench_rpc2

# Programs that call MIG user stubs: the generated ones plus mini_mig.
X86_MIG_UFLAGS	:= $(X86_UCFLAGS) -I$(SRCROOT)/osfmk -I$(OBJROOT)/mig \
		   -Wno-unused-function -Wno-missing-prototypes
$(X86_OBJ)/uobj/mig/%.o: $(OBJROOT)/mig/%.c $(MIG_GENERATED_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(X86_MIG_UFLAGS) -c $< -o $@

$(X86_OBJ)/uobj/libsyscall/x86_64/tests/bench_rpc2.o \
$(X86_OBJ)/uobj/libsyscall/x86_64/tests/mini_mig.o: \
	X86_UCFLAGS += -I$(SRCROOT)/osfmk -I$(OBJROOT)/mig
$(X86_OBJ)/uobj/libsyscall/x86_64/tests/bench_rpc2.o: $(MIG_GENERATED_HEADERS)

$(X86_OBJ)/bin/bench_rpc2: \
		$(X86_OBJ)/uobj/libsyscall/x86_64/tests/mini_mig.o \
		$(X86_OBJ)/uobj/mig/taskUser.o \
		$(X86_OBJ)/uobj/mig/mach_portUser.o
$(X86_OBJ)/bin/bench_rpc2: X86_EXTRA_UOBJS = \
		$(X86_OBJ)/uobj/libsyscall/x86_64/tests/mini_mig.o \
		$(X86_OBJ)/uobj/mig/taskUser.o $(X86_OBJ)/uobj/mig/mach_portUser.o

X86_RPCTHR_BIN	 = $(call x86_guest_bin,$(SRCROOT)/libsyscall/x86_64/tests/bench_rpcthr.c)

$(X86_BENCH_CPIO): $(X86_MKCPIO) $(addprefix $(X86_OBJ)/bin/,$(X86_BENCH_PROGS)) \
		   $(X86_RPCTHR_BIN)
	$(X86_MKCPIO) -o $@ $(foreach p,$(X86_BENCH_PROGS),sbin/$(p)=$(X86_OBJ)/bin/$(p)) \
	    sbin/bench_rpcthr=$(X86_RPCTHR_BIN)

# x86_bench NAME, BOOT-ARGS: one deterministic boot of kernel.md
x86_bench = QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 120 \
	    --icount --quiet --kernel $(X86_MD_KERNEL) \
	    --initrd $(X86_BENCH_CPIO) --append "$(2)" \
	    --log $(X86_OBJ)/bench_$(1).log >/dev/null || true

# The machine alone (kernel.md, this configuration): its own share.
bench-x86_64-md: $(X86_MD_KERNEL) $(X86_BENCH_CPIO) ensure-qemu
	@$(call x86_bench,md_trap,-mdbench init=/sbin/bench_trap)
	@$(call x86_bench,md_yield,init=/sbin/bench_yield tests=/sbin/bench_yield)

# The real kernel, always in the RELEASE configuration.
X86_REL_OBJ	:= $(SRCROOT)/BUILD/obj/RELEASE/x86_64
x86_rel_bench	= QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 300 \
		  --icount --quiet --kernel $(X86_REL_OBJ)/kernel \
		  --initrd $(X86_REL_OBJ)/bench.cpio --append "$(2)" \
		  --log $(X86_OBJ)/bench_$(1).log >/dev/null || true

bench-x86_64: bench-x86_64-md
	@$(MAKE) --no-print-directory KERNEL_CONFIGS=RELEASE \
	    $(X86_REL_OBJ)/kernel $(X86_REL_OBJ)/bench.cpio >/dev/null
	@$(call x86_rel_bench,trap,init=/sbin/bench_trap)
	@$(call x86_rel_bench,ipc,init=/sbin/bench_ipc)
	@$(call x86_rel_bench,rpc2,init=/sbin/bench_rpc2)
	@$(call x86_rel_bench,rpcthr,init=/sbin/bench_rpcthr)
ifeq ($(PEERS),1)
	@echo "running the peer kernels (../shared/anchors/run-anchors.sh)..."
	@env PEERS="gnumach linux" \
	    $(SRCROOT)/../shared/anchors/run-anchors.sh \
	    >$(X86_OBJ)/anchors.log
endif
	@ANCHORS_LOG=$(if $(filter 1,$(PEERS)),$(X86_OBJ)/anchors.log) \
	    $(SRCROOT)/tools/bench-table.sh $(X86_OBJ)/bench_md_trap.log.txt \
	    $(X86_OBJ)/bench_md_yield.log.txt $(X86_OBJ)/bench_trap.log.txt \
	    $(X86_OBJ)/bench_ipc.log.txt $(X86_OBJ)/bench_rpc2.log.txt \
	    $(X86_OBJ)/bench_rpcthr.log.txt

.PHONY: x86_64-kernel x86_64-md-kernel run-test-x86_64 run-x86_64-smoke \
	test-x86_64-boot \
	test-x86_64-kernel test-x86_64-ipc test-x86_64-libc run-x86_64 ensure-qemu \
	bench-x86_64 bench-x86_64-md

x86_64-kernel: $(X86_KERNEL)

x86_64-md-kernel: $(X86_MD_KERNEL)

ensure-qemu:
	@QEMU=$(QEMU) $(SRCROOT)/tools/ensure-qemu.sh

# Each run's log ends with "N passed, N failed"; the target adds them up
# into its own last line.
x86_sum = p=0; f=0; for r in $(1); do \
	  p=$$((p + $${r%% passed*})); r=$${r\#*, }; f=$$((f + $${r%% failed})); \
	done; echo "$$p passed, $$f failed"; test $$f -eq 0 -a $$p -gt 0

test-x86_64-boot: $(X86_MD_KERNEL) $(X86_SMOKE_CPIO) ensure-qemu
	@echo "== x86_64 boot smoke test"
	@r1=$$(QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 30 \
	    --kernel $(X86_MD_KERNEL) --initrd $(X86_SMOKE_CPIO) \
	    --append "$(X86_SMOKE_ARGS)" --log $(X86_OBJ)/boot_smoke.log \
	    --expect '^Harbor [^ ]+ \([A-Z]+\) x86_64$$' \
	    --expect 'user page fault .*task killed' \
	    --expect 'boot_fault exited with status 142' \
	    --expect 'pages leaked 0, kernel bytes leaked 0' | \
	    tee /dev/stderr | tail -n 1); \
	echo "== x86_64 kernel fault: panic with registers and backtrace"; \
	r2=$$(QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 30 \
	    --expect-panic --kernel $(X86_MD_KERNEL) \
	    --initrd $(X86_SMOKE_CPIO) --append "-kfault" \
	    --log $(X86_OBJ)/boot_kfault.log \
	    --expect 'kernel page fault \(vector 14\)' | \
	    tee /dev/stderr | tail -n 1); \
	echo "== x86_64 deadlock: every thread waits forever -> halt 4"; \
	r3=$$(QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 30 \
	    --expect-halt 4 --kernel $(X86_MD_KERNEL) \
	    --initrd $(X86_SMOKE_CPIO) --append "-mddeadlock" \
	    --log $(X86_OBJ)/boot_deadlock.log \
	    --expect 'harbor: deadlock: every thread waits' \
	    --expect 'thread 0 .*: waiting' | \
	    tee /dev/stderr | tail -n 1); \
	echo "== x86_64 kernel stack overflow: guard page, double fault"; \
	r4=$$(QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 30 \
	    --expect-panic --kernel $(X86_MD_KERNEL) \
	    --initrd $(X86_SMOKE_CPIO) --append "-kstackoverflow" \
	    --log $(X86_OBJ)/boot_kstack.log \
	    --expect 'kernel stack overflow in thread 0' | \
	    tee /dev/stderr | tail -n 1); \
	IFS=; $(call x86_sum,"$$r1" "$$r2" "$$r3" "$$r4")

# The real kernel (osfmk, bsd, MIG servers) with the machine's smoke
# programs, spawned by boot_init through posix_spawn and reaped with wait4.
X86_KERNEL_TESTS := /sbin/boot_smoke,/sbin/boot_fault:139,/sbin/boot_fuzz,/sbin/boot_smoke

test-x86_64-kernel: $(X86_KERNEL) $(X86_SMOKE_CPIO) ensure-qemu
	@echo "== x86_64 real kernel: smoke programs as tasks of init"
	@QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --timeout 60 \
	    --kernel $(X86_KERNEL) --initrd $(X86_SMOKE_CPIO) \
	    --append "init=/sbin/boot_init tests=$(X86_KERNEL_TESTS)" \
	    --log $(X86_OBJ)/kernel_smoke.log \
	    --expect 'user page fault .*task killed' \
	    --expect 'init exited with status 0, zone elements leaked 0' \
	    --expect 'pages leaked 0$$'

# make run-x86_64: the notification demo (tools/demo/notify_demo.c) as
# init of the real kernel: two tasks, every notification kind, then the
# machine halts.  make run-x86_64-smoke: the smoke programs instead.
X86_DEMO	:= $(SRCROOT)/tools/demo/notify_demo.c

run-x86_64: $(X86_KERNEL) $(X86_MKCPIO) ensure-qemu
	@$(MAKE) --no-print-directory run-test-x86_64 TEST=$(X86_DEMO) \
	    X86_RT_FLAGS="--no-ktap --expect 'zone elements leaked 0'"

run-x86_64-smoke: $(X86_KERNEL) $(X86_SMOKE_CPIO) ensure-qemu
	@QEMU=$(QEMU) $(SRCROOT)/tools/qemu-run.sh --interactive \
	    --kernel $(X86_KERNEL) --initrd $(X86_SMOKE_CPIO) \
	    --append "init=/sbin/boot_init tests=$(X86_KERNEL_TESTS)"

ALL_TARGETS	+= x86_64-kernel
TEST_TARGETS	+= test-x86_64-boot test-x86_64-libc test-x86_64-kernel \
		   test-x86_64-ipc
BENCH_TARGETS	+= bench-x86_64
