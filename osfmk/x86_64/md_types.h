/*
 * x86_64/md_types.h - the concrete types behind kern/md.h on the real
 * machine.
 *
 * Harbor runs on one CPU.  A lock therefore excludes others by turning
 * interrupts off (so neither the timer nor a preemption can run its holder
 * off the CPU); the lock word only catches recursion and unbalanced use.
 * The interrupt state is nested: the outermost lock saves the interrupt
 * flag and the last unlock restores it (see x86_64/locks_md.c).
 *
 * md_thread_state_t is what the machine keeps inside struct thread: a
 * pointer to the machine thread (kernel stack, saved registers, FPU area,
 * run state), which the machine allocates in md_thread_start.
 */
#ifndef _X86_64_MD_TYPES_H_
#define _X86_64_MD_TYPES_H_

#include <stdint.h>

/* md_lock_*, md_rwlock_* and md_current_thread are inline (md_inline.h). */
#define MD_INLINE 1

typedef struct md_lock {
	volatile uint32_t ml_held; /* 1 while owned */
} md_lock_t;

typedef struct md_rwlock {
	volatile int32_t mrw_state; /* -1 writer, 0 free, >0 readers */
} md_rwlock_t;

struct x86_thread;

typedef struct md_thread_state {
	struct x86_thread *mts_thread; /* machine thread, or NULL */
} md_thread_state_t;

#endif /* _X86_64_MD_TYPES_H_ */
