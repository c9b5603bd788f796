#
# tests/unit/unit.mk - hosted unit tests of kernel internals.  Included by
# makedefs/MakeInc.top.
#
#   make test-unit      every tests/unit/*.c, asan variant (ASan+UBSan),
#                       linked against the raw kernel library; KTAP per
#                       program, last line "N passed, N failed"
#
# Each program has its own main and boots the kernel itself (see
# tests/unit/unit_kernel.h).
#

UNIT_TEST_SRCS	:= $(sort $(wildcard $(SRCROOT)/tests/unit/*.c))
UNIT_TEST_BINS	= $(foreach s,$(UNIT_TEST_SRCS),$(call unit_bin,asan,$(s)))
UNIT_TIMEOUT	?= 300

# Every unit binary also depends on the shared harness header.
$(foreach s,$(UNIT_TEST_SRCS),$(eval \
    $(call unit_bin,asan,$(s)): $(SRCROOT)/tests/unit/unit_kernel.h))

test-unit:
	$(call build_then_run,tests/unit,$(UNIT_TEST_BINS),\
	    $(OBJROOT)/unit-build.log,\
	    DT_TIMEOUT=$(UNIT_TIMEOUT) $(RUN_TESTS) \
	    -o $(OBJROOT)/test-logs/unit $(UNIT_TEST_BINS))

TEST_TARGETS	+= test-unit
