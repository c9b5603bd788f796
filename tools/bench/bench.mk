#
# tools/bench/bench.mk - the request-table benchmarks (issue 2, item 7).
# Include from makedefs/MakeInc.top:
#	-include $(SRCROOT)/tools/bench/bench.mk
#
#   make bench-hosted     (also run by "make bench")
#
# Instruction counts under valgrind --tool=callgrind, plain variant (no
# sanitizer, -O2), built in the RELEASE configuration so that the DEBUG
# lock-order and assertion checks are not what is measured
# (BENCH_CONFIG=DEBUG measures the debug kernel instead).  Prints a table
# with the target and PASS/MISS beside each figure; last line
# "N passed, N failed".  See doc/benchmarks.md.
#

BENCH_CONFIG	?= RELEASE
BENCH_SRC	:= $(SRCROOT)/tools/bench/request_bench.c
BENCH_BIN	= $(SRCROOT)/BUILD/obj/$(BENCH_CONFIG)/hosted-plain/unit$(abspath $(basename $(BENCH_SRC)))

$(BENCH_BIN): $(SRCROOT)/tests/unit/unit_kernel.h

bench-hosted:
	@mkdir -p $(OBJROOT)
	@command -v valgrind >/dev/null || \
	    (apt-get update -qq && apt-get install -y -qq valgrind >/dev/null)
	@$(MAKE) --no-print-directory KERNEL_CONFIGS=$(BENCH_CONFIG) \
	    $(BENCH_BIN) >$(OBJROOT)/bench-build.log 2>&1 || \
	    (tail -20 $(OBJROOT)/bench-build.log; echo "0 passed, 1 failed"; \
	     exit 1)
	@echo "# kernel configuration $(BENCH_CONFIG)"
	@$(SRCROOT)/tools/bench/run-bench.sh $(BENCH_BIN)

BENCH_TARGETS	+= bench-hosted
