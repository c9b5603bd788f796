#
# tools/mig/mig.mk - build Harbor's MIG compiler and generate every MIG
# interface the kernel and libsyscall use.  Included by MakeInc.rule.
#
# Exports:
#   MIG                    the compiler ($(TOOLSROOT)/mig)
#   MIG_GENERATED_HEADERS  every generated header (compiles depend on them)
#   MIG_KERNEL_SRCS        generated .c linked into the kernel
#   MIG_USER_SRCS          generated .c linked into libsyscall
#
# Everything is generated into $(OBJROOT)/mig (on the include path of both
# kernel and user code):
#
#   kernel (KernelServer, -DKERNEL):  <if>_server.c, <if>_server.h
#                                     for mach_port task thread_act
#                                     mach_host mach_vm
#   kernel (KernelUser, -DKERNEL):    mach_notify_user.c, mach/mach_notify.h
#   user (LIBSYSCALL_INTERFACE):      <if>User.c, mach/<if>.h
#   user notify receiver (do_*):      notify_server.c, mach/notify_server.h
#

MIG		:= $(TOOLSROOT)/mig
MIGDIR		:= $(OBJROOT)/mig
MIG_TOOL_SRCS	:= $(wildcard $(SRCROOT)/tools/mig/*.c)
MIG_DEFSDIR	:= $(SRCROOT)/osfmk/mach

MIG_COMMON	:= -cc $(HOSTCC) -I$(SRCROOT)/osfmk -novouchers -q
MIG_KS_FLAGS	:= -DKERNEL=1 -DKERNEL_PRIVATE=1 -DMACH_KERNEL_PRIVATE=1 \
		   -DKERNEL_SERVER=1
MIG_KU_FLAGS	:= -DKERNEL=1 -DKERNEL_PRIVATE=1 -DMACH_KERNEL_PRIVATE=1 \
		   -DKERNEL_USER=1 -maxonstack 1024
MIG_LS_FLAGS	:= -DLIBSYSCALL_INTERFACE=1
MIG_NS_FLAGS	:= -DMACH_NOTIFY_SEND_POSSIBLE_EXPECTED=1

MIG_KS_IFS	:= mach_port task thread_act mach_host mach_vm
MIG_LS_IFS	:= mach_port task thread_act mach_host mach_vm

MIG_KERNEL_SRCS	:= $(foreach i,$(MIG_KS_IFS),$(MIGDIR)/$(i)_server.c) \
		   $(MIGDIR)/mach_notify_user.c
MIG_USER_SRCS	:= $(foreach i,$(MIG_LS_IFS),$(MIGDIR)/$(i)User.c) \
		   $(MIGDIR)/notify_server.c
MIG_GENERATED_HEADERS := $(foreach i,$(MIG_KS_IFS),$(MIGDIR)/$(i)_server.h) \
		   $(MIGDIR)/mach/mach_notify.h \
		   $(foreach i,$(MIG_LS_IFS),$(MIGDIR)/mach/$(i).h) \
		   $(MIGDIR)/mach/notify_server.h

$(MIG): $(MIG_TOOL_SRCS) $(SRCROOT)/tools/mig/mig.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O1 -g $(WARNFLAGS) -o $@ $(MIG_TOOL_SRCS)

# $(call mig_deps,<stem>): cpp writes the .defs and headers it read as
# prerequisites of $(MIGDIR)/<stem>.c, so editing any of them regenerates.
mig_deps = -MD -MF $(MIGDIR)/.deps/$(1).d -MT $(MIGDIR)/$(1).c

define MIG_KS_RULE
$(MIGDIR)/$(1)_server.c $(MIGDIR)/$(1)_server.h &: \
    $(MIG_DEFSDIR)/$(1).defs $(MIG)
	@mkdir -p $(MIGDIR)/.deps
	$(MIG) $(MIG_COMMON) $(MIG_KS_FLAGS) $$(call mig_deps,$(1)_server) \
	    -user /dev/null -header /dev/null \
	    -server $(MIGDIR)/$(1)_server.c -sheader $(MIGDIR)/$(1)_server.h \
	    $$<
endef

define MIG_LS_RULE
$(MIGDIR)/$(1)User.c $(MIGDIR)/mach/$(1).h &: \
    $(MIG_DEFSDIR)/$(1).defs $(MIG)
	@mkdir -p $(MIGDIR)/mach $(MIGDIR)/.deps
	$(MIG) $(MIG_COMMON) $(MIG_LS_FLAGS) $$(call mig_deps,$(1)User) \
	    -server /dev/null -sheader /dev/null \
	    -user $(MIGDIR)/$(1)User.c -header $(MIGDIR)/mach/$(1).h $$<
endef

$(foreach i,$(MIG_KS_IFS),$(eval $(call MIG_KS_RULE,$(i))))
$(foreach i,$(MIG_LS_IFS),$(eval $(call MIG_LS_RULE,$(i))))

$(MIGDIR)/mach_notify_user.c $(MIGDIR)/mach/mach_notify.h &: \
    $(MIG_DEFSDIR)/mach_notify.defs $(MIG)
	@mkdir -p $(MIGDIR)/mach $(MIGDIR)/.deps
	$(MIG) $(MIG_COMMON) $(MIG_KU_FLAGS) $(call mig_deps,mach_notify_user) \
	    -server /dev/null -sheader /dev/null \
	    -user $(MIGDIR)/mach_notify_user.c \
	    -header $(MIGDIR)/mach/mach_notify.h $<

$(MIGDIR)/notify_server.c $(MIGDIR)/mach/notify_server.h &: \
    $(MIG_DEFSDIR)/notify.defs $(MIG)
	@mkdir -p $(MIGDIR)/mach $(MIGDIR)/.deps
	$(MIG) $(MIG_COMMON) $(MIG_NS_FLAGS) $(call mig_deps,notify_server) \
	    -user /dev/null -header /dev/null \
	    -server $(MIGDIR)/notify_server.c \
	    -sheader $(MIGDIR)/mach/notify_server.h $<

.PHONY: mig-generate
mig-generate: $(MIG_GENERATED_HEADERS) $(MIG_KERNEL_SRCS) $(MIG_USER_SRCS)

-include $(wildcard $(MIGDIR)/.deps/*.d)
