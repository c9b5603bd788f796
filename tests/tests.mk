#
# tests/tests.mk - the darwintest harness, its self-test, and the IPC test
# programs.  Included by makedefs/MakeInc.top.
#
#   make test-harness-selftest   harness + runner self-test (plain Linux)
#   make test-ipc-hosted         every tests/ipc/*.c, hosted, ASan+UBSan
#   make test-ipc-hosted-tsan    tests/ipc/{threads,multitask,fast_path}.c under TSan
#   make run-test TEST=path/to/prog.c [MACHINE=hosted|x86_64] [ARGS=...]
#                                build and run one darwintest program,
#                                in or out of the tree (TEST is relative to
#                                the top of the tree, or absolute)
#
# Every target ends with run-tests.sh's "N passed, N failed" line.
#

RUN_TESTS	:= $(SRCROOT)/tests/run-tests.sh

# $(call build_then_run,WHAT,PROGRAMS,BUILD-LOG,RUN-COMMAND): the body of
# a test target.  Build the programs (past a failure), run the command,
# then fail the target if any program did not build: a program left from
# an earlier build must not stand in for one that no longer compiles.
define build_then_run
	@mkdir -p $(OBJROOT)
	@$(MAKE) --no-print-directory -k $(2) >$(3) 2>&1; built=$$?; \
	if [ $$built -ne 0 ]; then \
	    echo "# some $(1) programs did not build:"; \
	    grep -E 'error|Error' $(3) | head -40 | sed 's/^/#   /'; \
	fi; \
	$(4); ran=$$?; \
	if [ $$built -ne 0 ]; then \
	    echo "# a program did not build: the target fails"; exit 1; \
	fi; \
	exit $$ran
endef
TEST_LOGDIR	:= $(OBJROOT)/test-logs
DT_TIMEOUT	?= 300

# --- the harness self-test, as plain Linux programs ----------------------
#
# The harness is plain C; here it is linked with a fork/exec stand-in for
# harbor_spawn so that its failure detection (failed assertions, crashes,
# tests that never report, duplicate names) can be proved without the
# Harbor kernel.

DT_LIB_DIR	:= $(SRCROOT)/tests/lib
DT_ST_DIR	:= $(DT_LIB_DIR)/selftest
DT_ST_OBJ	:= $(OBJROOT)/selftest
DT_ST_LIBSRCS	:= $(DT_LIB_DIR)/darwintest.c $(DT_LIB_DIR)/dt_mach_errors.c \
		   $(DT_ST_DIR)/linux/linux_spawn.c
DT_ST_CFLAGS	= $(CSTD) $(WARNFLAGS) -DDT_PLAIN_LINUX -I$(DT_LIB_DIR) \
		  -I$(DT_ST_DIR)/linux $(HOSTED_CFLAGS_asan)
DT_ST_BINS	:= $(DT_ST_OBJ)/st_pass $(DT_ST_OBJ)/st_fail $(DT_ST_OBJ)/st_dup \
		   $(DT_ST_OBJ)/st_resume

$(DT_ST_OBJ)/st_pass: $(DT_ST_DIR)/st_pass.c
$(DT_ST_OBJ)/st_fail: $(DT_ST_DIR)/st_fail.c
$(DT_ST_OBJ)/st_dup: $(DT_ST_DIR)/st_dup_a.c $(DT_ST_DIR)/st_dup_b.c
$(DT_ST_OBJ)/st_resume: $(DT_ST_DIR)/st_resume.c
$(DT_ST_BINS): $(DT_ST_LIBSRCS) $(DT_LIB_DIR)/darwintest.h \
	    $(DT_ST_DIR)/linux/harbor/spawn.h
	@mkdir -p $(@D)
	$(HOSTCC) $(DT_ST_CFLAGS) -o $@ $(filter %.c,$^) $(HOSTED_LDFLAGS_asan)

test-harness-selftest: $(DT_ST_BINS)
	@$(DT_ST_DIR)/selftest.sh $(DT_ST_OBJ) $(RUN_TESTS)

# --- tests/ipc on the hosted machine --------------------------------------
#
# Each program is built against the asan variant (ASan + UBSan) by the
# hosted link rule of MakeInc.rule.  A program that fails to build is
# counted as a failed program by run-tests.sh (.DELETE_ON_ERROR leaves no
# stale binary), and the others still run.  The harness smoke program
# (st_pass) runs first: it proves spawning, helpers and KTAP on this
# machine.

IPC_TEST_SRCS	:= $(sort $(wildcard $(SRCROOT)/tests/ipc/*.c))
IPC_HOSTED_SRCS	:= $(DT_ST_DIR)/st_pass.c $(IPC_TEST_SRCS)
IPC_HOSTED_BINS	= $(foreach s,$(IPC_HOSTED_SRCS),$(call hosted_bin,asan,$(s)))

test-ipc-hosted:
	$(call build_then_run,tests/ipc,$(IPC_HOSTED_BINS),\
	    $(OBJROOT)/ipc-hosted-build.log,\
	    DT_TIMEOUT=$(DT_TIMEOUT) $(RUN_TESTS) -o $(TEST_LOGDIR)/ipc-hosted \
	    $(IPC_HOSTED_BINS))

# The programs with several tasks or threads, under ThreadSanitizer too
# (a race report makes the program exit non-zero).
IPC_TSAN_SRCS	:= $(SRCROOT)/tests/ipc/threads.c $(SRCROOT)/tests/ipc/multitask.c \
		   $(SRCROOT)/tests/ipc/fast_path.c
IPC_TSAN_BINS	= $(foreach s,$(IPC_TSAN_SRCS),$(call hosted_bin,tsan,$(s)))

test-ipc-hosted-tsan:
	$(call build_then_run,tests/ipc (tsan),$(IPC_TSAN_BINS),\
	    $(OBJROOT)/ipc-tsan-build.log,\
	    DT_TIMEOUT=$(DT_TIMEOUT) $(RUN_TESTS) \
	    -o $(TEST_LOGDIR)/ipc-hosted-tsan $(IPC_TSAN_BINS))

TEST_TARGETS	+= test-harness-selftest test-ipc-hosted test-ipc-hosted-tsan
ALL_TARGETS	+= $(DT_ST_BINS)

# --- one program -----------------------------------------------------------

MACHINE		?= hosted
RUN_TEST_SRC	= $(abspath $(TEST))

.PHONY: run-test
run-test:
ifeq ($(TEST),)
	@echo "usage: make run-test TEST=path/to/prog.c [MACHINE=hosted|x86_64]"
	@exit 2
else ifeq ($(MACHINE),hosted)
	@$(MAKE) --no-print-directory $(call hosted_bin,asan,$(RUN_TEST_SRC))
	@DT_TIMEOUT=$(DT_TIMEOUT) $(RUN_TESTS) -v \
	    $(call hosted_bin,asan,$(RUN_TEST_SRC))
else ifeq ($(MACHINE),x86_64)
	@$(MAKE) --no-print-directory run-test-x86_64 TEST=$(RUN_TEST_SRC)
else
	@echo "run-test: MACHINE must be hosted or x86_64"
	@exit 2
endif
