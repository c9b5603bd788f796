/*
 * x86_64/standalone.h - the stand-in thread object used when the machine
 * runs without osfmk/kern (see standalone.c), shared with the machine
 * self-test.  Nothing else may include this file: the real struct thread
 * is in kern/thread.h.
 */
#ifndef _X86_64_STANDALONE_H_
#define _X86_64_STANDALONE_H_

#include <kern/md.h>

struct sa_task;

struct thread {
	md_thread_state_t th_machine;
	struct sa_task *th_task;
};

void x86_md_selftest(struct thread *self);
void x86_md_bench(struct thread *self);

#endif /* _X86_64_STANDALONE_H_ */
