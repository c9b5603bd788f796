/*
 * hosted/hosted_main.c - the hosted machine's boot and process glue.
 *
 * A hosted program is one Linux process holding the whole kernel and
 * every task of one test run:
 *
 *	main()                          (this file; the boot thread)
 *	  kernel_bootstrap, bsd_init
 *	  zone baseline
 *	  task 1 --thread--> harbor_user_main(argc, argv)   (the program's
 *	  |                   main, renamed by the build)
 *	  |   harbor_spawn --> task 2 --thread--> harbor_user_main(...)
 *	  wait for every process, then compare zones with the baseline
 *
 * "Traps" are direct calls to harbor_syscall on the calling thread, which
 * is bound to its kernel thread object.
 */
#include <kern/startup.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <kern/md.h>
#include <kern/debug.h>
#include <sys/proc.h>
#include <hosted/hosted.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int harbor_user_main(int argc, char **argv);

struct hosted_start {
	int argc;
	char **argv;
	void (*fn)(void *);
	void *arg;
};

static char *
hosted_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

static void
hosted_start_free(struct hosted_start *hs)
{
	int i;

	for (i = 0; hs->argv != NULL && i < hs->argc; i++)
		free(hs->argv[i]);
	free(hs->argv);
	free(hs);
}

/* The argv copy of the running program, freed when its thread ends. */
static __thread struct hosted_start *hosted_current_start;

/*
 * Routine:	hosted_thread_cleanup
 * Purpose:
 *	Free what the hosted machine allocated for the ending thread (the
 *	argv copy of a task's first thread, which may end through exit()).
 * Conditions:
 *	Called by md_thread_terminate on the ending thread.
 * Returns:
 *	Nothing.
 */
void
hosted_thread_cleanup(void)
{
	if (hosted_current_start != NULL)
		hosted_start_free(hosted_current_start);
	hosted_current_start = NULL;
}

static void
hosted_user_entry(void *arg)
{
	struct hosted_start *hs = arg;
	int status;

	pthread_detach(pthread_self());
	hosted_current_start = hs;
	status = harbor_user_main(hs->argc, hs->argv);
	proc_exit(status);
}

/*
 * Routine:	md_user_start
 * Purpose:
 *	Run the program's main (the only image) with a copy of argv as the
 *	first thread of a new task.
 * Conditions:
 *	Nothing locked; the thread object holds a reference for itself.
 * Returns:
 *	0, or an errno.
 */
int
md_user_start(
    struct thread *thread, const char *path, int argc, char *const argv[])
{
	struct hosted_start *hs = calloc(1, sizeof(*hs));
	int i;

	(void)path;
	if (hs == NULL)
		return 12;
	hs->argc = argc;
	hs->argv = calloc((size_t)argc + 1, sizeof(char *));
	for (i = 0; hs->argv != NULL && i < argc; i++)
		hs->argv[i] = hosted_strdup(argv[i]);
	if (hs->argv == NULL ||
	    md_thread_start(thread, hosted_user_entry, hs) != 0) {
		hosted_start_free(hs);
		return 12;
	}
	return 0;
}

static void
hosted_thread_entry(void *arg)
{
	struct hosted_start *hs = arg;

	hs->fn(hs->arg);
	free(hs);
	proc_thread_exit(); /* the last thread out exits the process */
}

/*
 * Routine:	hosted_thread_create
 * Purpose:
 *	A new thread in the current task (libsyscall's pthread_create on
 *	the hosted machine); the pthread can be joined.
 * Conditions:
 *	Called from a user thread.
 * Returns:
 *	0 with the pthread, or an errno.
 */
int
hosted_thread_create(void (*fn)(void *), void *arg, pthread_t *ptp)
{
	struct hosted_start *hs = calloc(1, sizeof(*hs));
	thread_t th;

	if (hs == NULL)
		return 12;
	hs->fn = fn;
	hs->arg = arg;
	th = thread_create_internal(current_task());
	if (th == THREAD_NULL) {
		free(hs);
		return 11;
	}
	if (md_thread_start(th, hosted_thread_entry, hs) != 0) {
		free(hs);
		thread_deallocate(th);
		return 11;
	}
	*ptp = th->th_md.pt;
	thread_deallocate(th);
	return 0;
}

#define HOSTED_MAX_ZONES ZONE_MAX_ZONES

struct zone_snapshot {
	uint32_t count;
	zone_t zone[HOSTED_MAX_ZONES];
	uint64_t live[HOSTED_MAX_ZONES];
	int leaks;
};

static void
zone_snapshot_take(zone_t z, void *arg)
{
	struct zone_snapshot *s = arg;

	s->zone[s->count] = z;
	s->live[s->count] = zone_live(z);
	s->count++;
}

static void
zone_snapshot_compare(zone_t z, void *arg)
{
	struct zone_snapshot *s = arg;
	uint64_t base = 0;
	uint32_t i;

	for (i = 0; i < s->count; i++) {
		if (s->zone[i] == z)
			base = s->live[i];
	}
	if (zone_live(z) != base) {
		printf("# zone leak: %s live %llu, baseline %llu\n", z->z_name,
		    (unsigned long long)zone_live(z), (unsigned long long)base);
		s->leaks++;
	}
}

/*
 * Routine:	main
 * Purpose:
 *	Boot the hosted kernel, run the program as process 1, wait for
 *	every process, and prove that the zones are back to their boot
 *	baseline (exit status 99 otherwise).
 * Conditions:
 *	Process entry.
 * Returns:
 *	Process 1's exit status, or 99 on a leak.
 */
int
main(int argc, char **argv)
{
	struct zone_snapshot before = {0};
	task_t task;
	thread_t boot, th;
	struct proc *p;
	int status = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	kernel_bootstrap();
	bsd_init();
	boot = thread_create_internal(kernel_task);
	md_set_current_thread(boot);

	zone_iterate(zone_snapshot_take, &before);
	if (task_create_internal(TASK_NULL, &task) != KERN_SUCCESS)
		panic("hosted: cannot create the first task");
	p = proc_create(task, 0);
	th = thread_create_internal(task);
	if (p == NULL || th == THREAD_NULL ||
	    md_user_start(th, argv[0], argc, argv) != 0)
		panic("hosted: cannot start the first task");
	thread_deallocate(th);
	task_deallocate(task);
	(void)proc_wait(p->p_pid, &status);
	proc_reap_all();
	zone_iterate(zone_snapshot_compare, &before);
	zone_drain();
	fflush(stdout);
	return before.leaks != 0 ? 99 : status;
}
