#
# osfmk/hosted/hosted.mk - the hosted machine's own targets.
#
#   make run-hosted    the notification demo on the hosted machine
#

HOSTED_DEMO	:= $(call hosted_bin,asan,$(SRCROOT)/tools/demo/notify_demo.c)

ALL_TARGETS	+= $(HOSTED_DEMO)

.PHONY: run-hosted
run-hosted: $(HOSTED_DEMO)
	@$(HOSTED_DEMO)
