/*
 * x86_64/boot.c - the first C code: console, banner, boot arguments,
 * descriptor tables, memory, scheduler, clock; then the kernel.
 *
 * Boot arguments come from the PVH command line (qemu -append) and are
 * read XNU style: words separated by spaces, "-v" flags and name=value
 * pairs, e.g. "-v init=/sbin/init tests=ipc_basic,ipc_notify".
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>

#ifndef HARBOR_VERSION
#define HARBOR_VERSION "Harbor"
#endif
#ifndef HARBOR_CONFIG
#define HARBOR_CONFIG "unknown"
#endif

struct pvh_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
};

struct pvh_module {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

bool x86_verbose;
uint64_t x86_initrd_phys, x86_initrd_size;
uint8_t x86_fpu_template[512] __attribute__((aligned(16)));
static char boot_args[1024];

void x86_boot(uint32_t start_info_phys);
static _Noreturn void x86_boot_guarded(void);

static void
boot_copy_args(const struct pvh_info *si)
{
	const char *src;
	size_t i;

	if (si->cmdline_paddr == 0)
		return;
	src = PHYS_TO_VIRT(si->cmdline_paddr);
	for (i = 0; i + 1 < sizeof(boot_args) && src[i] != '\0'; i++)
		boot_args[i] = src[i];
	boot_args[i] = '\0';
}

static void
boot_find_initrd(const struct pvh_info *si)
{
	const struct pvh_module *m;

	if (si->nr_modules == 0 || si->modlist_paddr == 0)
		return;
	m = PHYS_TO_VIRT(si->modlist_paddr);
	x86_initrd_phys = m->paddr;
	x86_initrd_size = m->size;
}

/* Does word [w, w+n) name the argument? Sets *val to its value, if any. */
static bool
boot_word_match(
    const char *w, size_t n, const char *name, const char **val, size_t *vlen)
{
	size_t k = 0;

	while (name[k] != '\0' && k < n && w[k] == name[k])
		k++;
	if (name[k] != '\0')
		return false;
	if (k == n) {
		*val = w + k;
		*vlen = 0;
		return true;
	}
	if (w[k] != '=')
		return false;
	*val = w + k + 1;
	*vlen = n - k - 1;
	return true;
}

/*
 * Routine:	x86_boot_arg
 * Purpose:	Look a boot argument up: "-x" flags and name[=value] words.
 *		The value (empty for a bare word) is copied into buf,
 *		NUL-terminated and truncated to len - 1 bytes.
 * Conditions:	Any, after boot.
 * Returns:	true if the argument is present.
 */
bool
x86_boot_arg(const char *name, char *buf, size_t len)
{
	const char *p = boot_args, *val;
	size_t n, vlen, i;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		for (n = 0; p[n] != '\0' && p[n] != ' '; n++)
			continue;
		if (n > 0 && boot_word_match(p, n, name, &val, &vlen)) {
			for (i = 0; buf != NULL && i < vlen && i + 1 < len; i++)
				buf[i] = val[i];
			if (buf != NULL && len > 0)
				buf[i] = '\0';
			return true;
		}
		p += n;
	}
	return false;
}

/*
 * Routine:	md_boot_arg
 * Purpose:	The kernel's view of x86_boot_arg (XNU's PE_parse_boot_argn
 *		for strings and flags).
 * Conditions:	Any.
 * Returns:	true if the argument is present.
 */
bool
md_boot_arg(const char *name, char *buf, size_t len)
{
	return x86_boot_arg(name, buf, len);
}

/*
 * Routine:	md_boot_args
 * Purpose:	The boot-argument string as given (qemu -append).
 * Conditions:	Any, after boot.
 * Returns:	The string (empty if there was none); never NULL.
 */
const char *
md_boot_args(void)
{
	return boot_args;
}

/*
 * Routine:	x86_fpu_init
 * Purpose:	Reset the x87/SSE unit and record the state every new user
 *		thread starts from (all exceptions masked, round to nearest).
 * Conditions:	Boot; CR4.OSFXSR is set by locore.
 * Returns:	Nothing.
 */
void
x86_fpu_init(void)
{
	uint32_t mxcsr = 0x1f80;

	__asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
	__asm__ volatile("fxsave64 (%0)" : : "r"(x86_fpu_template) : "memory");
}

static void
boot_banner(void)
{
	x86_printf("%s (%s) x86_64\n", HARBOR_VERSION, HARBOR_CONFIG);
	if (boot_args[0] != '\0')
		x86_printf("boot-args: %s\n", boot_args);
}

/*
 * Routine:	x86_boot
 * Purpose:	Bring the machine up and run the kernel on the boot thread.
 * Conditions:	Called once by locore, interrupts off, on the boot stack.
 * Returns:	Never.
 */
void
x86_boot(uint32_t start_info_phys)
{
	const struct pvh_info *si = PHYS_TO_VIRT((uint64_t)start_info_phys);

	x86_console_init();
	boot_copy_args(si);
	boot_find_initrd(si);
	x86_verbose = x86_boot_arg("-v", NULL, 0);
	boot_banner();
	x86_desc_init();
	x86_fpu_init();
	x86_phys_init(si);
	x86_kstack_init();
	x86_sched_init();
	x86_clock_init();
	x86_kprof_init();
	if (x86_verbose)
		x86_printf("memory: %lu MiB free, boot archive %lu bytes\n",
		    x86_pages_free() / 256, x86_initrd_size);
	x86_boot_guarded();
}

/* The rest of the boot thread's life, on a stack with a guard page. */
static _Noreturn void
boot_continue(void)
{
	x86_splx(); /* boot's count in x86_intr_depth: interrupts on */
	x86_kernel_main();
	md_thread_terminate();
}

static _Noreturn void
x86_boot_guarded(void)
{
	void *stack = x86_kstack_alloc();

	if (stack == NULL)
		x86_panic("x86_boot: no memory for the boot stack");
	x86_sched_boot_stack(stack);
	/* below the top: the boot thread's user frame lives there */
	x86_run_on_stack((uint64_t)stack + X86_KSTACK_SIZE -
		sizeof(struct x86_saved_state) - 16,
	    boot_continue);
}
