/*
 * boot_fault.c - a task that dies by a page fault.  The kernel must
 * report it on the console, kill only this task and stay up (the smoke
 * test checks the report and that the other tasks finish).
 */
#include <stdint.h>
#include "../syscall_sw.h"

int main(int argc, char **argv, char **envp);
_Noreturn void exit(int status);

void
exit(int status)
{
	for (;;)
		harbor_trap(SYSCALL_CONSTRUCT_UNIX(1), status);
}

int
main(int argc, char **argv, char **envp)
{
	static const char msg[] = "# boot_fault: touching address 0\n";

	harbor_console_write(msg, sizeof(msg) - 1);
	*(volatile int *)0 = 1;
	return 0;
}
