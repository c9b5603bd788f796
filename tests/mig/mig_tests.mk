#
# tests/mig/mig_tests.mk - the MIG compiler's tests.  Included by
# makedefs/MakeInc.top.
#
#   make test-mig    unit, layout, generation, round-trip and negative
#                    tests, plus a short fuzz run; ends "N passed, N failed"
#   make fuzz-mig    a longer fuzz run (MIG_FUZZ_LONG seconds)
#

MIG_TEST_OUT	:= $(OBJROOT)/mig-tests
MIG_FUZZ_SECONDS ?= 20
MIG_FUZZ_LONG	?= 600

TEST_TARGETS	+= test-mig
ALL_TARGETS	+= mig-generate

.PHONY: test-mig fuzz-mig

test-mig: mig-generate
	@sh $(SRCROOT)/tests/mig/run_mig_tests.sh $(SRCROOT) $(MIG_TEST_OUT) \
	    $(HOSTCC) $(CLANG) $(MIG_FUZZ_SECONDS)

fuzz-mig:
	@sh $(SRCROOT)/tests/mig/run_mig_tests.sh $(SRCROOT) \
	    $(MIG_TEST_OUT)-fuzz $(HOSTCC) $(CLANG) $(MIG_FUZZ_LONG)
