/*
 * bsd/kern/syscalls.c - the BSD system call table (class 2), with the
 * numbers of XNU's syscalls.master for the calls Harbor has.  Errors are
 * returned as negative errno values.
 */
#include <sys/proc.h>
#include <kern/syscall_sw.h>
#include <kern/kalloc.h>
#include <kern/md.h>
#include <kern/thread.h>
#include <kern/task.h>
#include <string.h>

#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_wait4 7
#define SYS_getpid 20
#define SYS_kill 37
#define SYS_posix_spawn 244
#define SYS_bsdthread_create 360
#define SYS_bsdthread_terminate 361

#define EFAULT 14
#define EINVAL 22
#define E2BIG 7
#define EBADF 9

#define SPAWN_MAX_ARGS 32
#define SPAWN_MAX_ARG_LEN 256
#define WRITE_CHUNK 256

static int64_t
sys_write(const uint64_t *a)
{
	char buf[WRITE_CHUNK];
	uint64_t done = 0, len = a[2];

	if (a[0] != 1 && a[0] != 2)
		return -EBADF;
	while (done < len) {
		size_t n = len - done > sizeof(buf) ? sizeof(buf)
						    : (size_t)(len - done);

		if (md_copyin(a[1] + done, buf, n) != 0)
			return done != 0 ? (int64_t)done : -EFAULT;
		md_console_write(buf, n);
		done += n;
	}
	return (int64_t)done;
}

static int64_t
sys_wait4(const uint64_t *a)
{
	int status = 0, err, wstatus;

	err = proc_wait((harbor_pid_t)a[0], &status);
	if (err != 0)
		return -err;
	wstatus = (status & 0xff) << 8; /* WEXITSTATUS layout */
	if (a[1] != 0 && md_copyout(&wstatus, a[1], sizeof(wstatus)) != 0)
		return -EFAULT;
	return (int64_t)a[0];
}

/* Copy a NUL-terminated string of at most max bytes from user space. */
static int
copyinstr(uint64_t uaddr, char *buf, size_t max)
{
	size_t i;

	for (i = 0; i < max; i++) {
		if (md_copyin(uaddr + i, &buf[i], 1) != 0)
			return EFAULT;
		if (buf[i] == '\0')
			return 0;
	}
	return E2BIG;
}

struct spawn_args {
	char path[SPAWN_MAX_ARG_LEN];
	char strings[SPAWN_MAX_ARGS][SPAWN_MAX_ARG_LEN];
	char *argv[SPAWN_MAX_ARGS + 1];
	int argc;
};

static int
spawn_copyin_argv(uint64_t uargv, struct spawn_args *sa)
{
	uint64_t uptr;
	int err;

	for (sa->argc = 0; uargv != 0; sa->argc++) {
		if (md_copyin(uargv + 8 * (uint64_t)sa->argc, &uptr,
			sizeof(uptr)) != 0)
			return EFAULT;
		if (uptr == 0)
			break;
		if (sa->argc == SPAWN_MAX_ARGS)
			return E2BIG;
		err = copyinstr(uptr, sa->strings[sa->argc], SPAWN_MAX_ARG_LEN);
		if (err != 0)
			return err;
		sa->argv[sa->argc] = sa->strings[sa->argc];
	}
	sa->argv[sa->argc] = NULL;
	return 0;
}

static int64_t
sys_posix_spawn(const uint64_t *a)
{
	struct spawn_args *sa = kalloc(sizeof(*sa));
	harbor_pid_t pid = 0;
	int err;

	if (sa == NULL)
		return -12;
	err = copyinstr(a[1], sa->path, sizeof(sa->path));
	if (err == 0)
		err = spawn_copyin_argv(a[4], sa);
	if (err == 0)
		err = proc_spawn(sa->path, sa->argc, sa->argv, &pid);
	kfree(sa, sizeof(*sa));
	if (err == 0 && a[0] != 0 && md_copyout(&pid, a[0], sizeof(pid)) != 0)
		err = EFAULT;
	return err == 0 ? 0 : -err;
}

/* bsdthread_create(func, arg, stack): another thread of this task. */
static int64_t
sys_bsdthread_create(const uint64_t *a)
{
	thread_t th = thread_create_internal(current_task());
	int err;

	if (th == THREAD_NULL)
		return -12;
	err = md_user_thread_start(th, a[0], a[2], a[1]);
	if (err != 0) {
		thread_terminate_other(th);
		return -err;
	}
	thread_deallocate(th);
	return 0;
}

/*
 * Routine:	bsd_syscall
 * Purpose:
 *	Dispatch a BSD system call.  Never inlined into harbor_syscall, or
 *	every Mach trap would pay for its frame.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The result, or -errno.
 */
__attribute__((noinline)) uint64_t
bsd_syscall(uint32_t number, const uint64_t *a)
{
	switch (number) {
	case SYS_exit:
		proc_exit((int)a[0]);
	case SYS_read:
		return 0;
	case SYS_write:
		return (uint64_t)sys_write(a);
	case SYS_wait4:
		return (uint64_t)sys_wait4(a);
	case SYS_getpid:
		return (uint64_t)proc_getpid();
	case SYS_kill:
		return (uint64_t)(int64_t)-proc_kill(
		    (harbor_pid_t)a[0], (int)a[1]);
	case SYS_posix_spawn:
		return (uint64_t)sys_posix_spawn(a);
	case SYS_bsdthread_create:
		return (uint64_t)sys_bsdthread_create(a);
	case SYS_bsdthread_terminate:
		proc_thread_exit();
	default:
		return (uint64_t)(int64_t)-EINVAL;
	}
}
