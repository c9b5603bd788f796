#
# Harbor top-level makefile.  Everything interesting lives in makedefs/:
#   MakeInc.def  - toolchain, flags, configurations
#   MakeInc.rule - compile and link rules (hosted variants, x86_64 kernel)
#   MakeInc.top  - the targets a developer types (all, run, test, bench, ...)
#
SRCROOT := $(CURDIR)

include $(SRCROOT)/makedefs/MakeInc.def
include $(SRCROOT)/makedefs/MakeInc.rule
include $(SRCROOT)/makedefs/MakeInc.top
