#
# tests/stress/stress.mk - the multi-task, multi-threaded request-table
# stress test under ThreadSanitizer.  Include from makedefs/MakeInc.top:
#	-include $(SRCROOT)/tests/stress/stress.mk
#
#   make test-stress-tsan [STRESS_ARGS="-s seed -t seconds"]
#
# The kernel-internal concurrency unit tests (tests/unit/*concurrency.c)
# are built on the tsan variant and run here as well.
#
# Fails on a ThreadSanitizer report (TSan exits non-zero), a deadlock (the
# runner's hard timeout), a leak (the hosted runtime exits 99) or a lost
# notification (the program's own KTAP verdicts).  Last line:
# "N passed, N failed".
#

STRESS_SRCS	:= $(SRCROOT)/tests/stress/request_stress.c
# The multi-threaded unit tests of tests/unit run here too, under TSan.
STRESS_UNIT_SRCS := $(SRCROOT)/tests/unit/request_concurrency.c \
		   $(SRCROOT)/tests/unit/right_request_concurrency.c
STRESS_BINS	= $(foreach s,$(STRESS_SRCS),$(call hosted_bin,tsan,$(s))) \
		  $(foreach s,$(STRESS_UNIT_SRCS),$(call unit_bin,tsan,$(s)))
$(foreach s,$(STRESS_UNIT_SRCS),$(eval \
    $(call unit_bin,tsan,$(s)): $(SRCROOT)/tests/unit/unit_kernel.h))

STRESS_ARGS	?= -s 1 -t 8
STRESS_TIMEOUT	?= 180

test-stress-tsan:
	$(call build_then_run,tests/stress,$(STRESS_BINS),\
	    $(OBJROOT)/stress-build.log,\
	    $(SRCROOT)/tests/stress/run-stress.sh $(STRESS_TIMEOUT) \
	    "$(STRESS_ARGS)" $(OBJROOT)/test-logs/stress $(STRESS_BINS))

TEST_TARGETS	+= test-stress-tsan
