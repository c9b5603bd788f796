/*
 * x86_64/machine.h - private interfaces of the x86_64 machine layer.
 *
 * Nothing outside osfmk/x86_64 and osfmk/vm includes this file; the rest
 * of the kernel sees the machine only through kern/md.h and the few
 * exported entry points in x86_64/md_x86.h.
 *
 * Virtual address space (see doc/address-space.md):
 *
 *	0x0000000000000000 +------------------------+
 *	                   | user half, one per task |  PML4[0..255]
 *	0x00007ffffffff000 +------------------------+  USER_TOP
 *	   (non-canonical hole)
 *	0xffff800000000000 +------------------------+  PHYSMAP_BASE
 *	                   | all RAM below 4 GiB,    |  PML4[256]
 *	                   | 2 MiB pages             |
 *	0xffffffff80000000 +------------------------+  KERNBASE
 *	                   | kernel image (phys 0..  |  PML4[511]
 *	                   | 1 GiB), 2 MiB pages     |
 *	0xffffffffffffffff +------------------------+
 *
 * PML4 entries 256..511 are the same in every address space, so the
 * kernel half is shared by construction.
 */
#ifndef _X86_64_MACHINE_H_
#define _X86_64_MACHINE_H_

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <kern/md.h>
#include <x86_64/spl.h>

#define PAGE_SIZE_X86 4096UL
#define PAGE_MASK_X86 (PAGE_SIZE_X86 - 1)
#define KERNBASE 0xffffffff80000000UL
#define PHYSMAP_BASE 0xffff800000000000UL
#define PHYSMAP_LIMIT 0x100000000UL /* RAM above 4 GiB is not used */
/* USER_TOP: x86_64/md_inline.h (md_copyin checks against it inline) */

#define PHYS_TO_VIRT(pa) ((void *)((uint64_t)(pa) + PHYSMAP_BASE))
#define VIRT_TO_PHYS(va) ((uint64_t)(va)-PHYSMAP_BASE)
#define KIMG_TO_PHYS(va) ((uint64_t)(va)-KERNBASE)

/* Segment selectors; the order is what syscall/sysret require. */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS 0x1b /* 0x18 | RPL 3 */
#define USER_CS 0x23 /* 0x20 | RPL 3 */
#define TSS_SEL 0x28

/* Page table entry bits. */
#define PTE_P 0x001UL
#define PTE_W 0x002UL
#define PTE_U 0x004UL
#define PTE_PWT 0x008UL
#define PTE_PCD 0x010UL
#define PTE_PS 0x080UL
#define PTE_G 0x100UL
#define PTE_NX (1UL << 63)
#define PTE_ADDR 0x000ffffffffff000UL

/* Vectors. */
#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BREAKPOINT 3
#define T_INVALID_OP 6
#define T_DOUBLE_FAULT 8
#define T_GPF 13
#define T_PAGE_FAULT 14
#define T_FPU 16
#define T_SIMD 19
#define T_IRQ0 32
#define T_SPURIOUS 255
#define T_SYSCALL 0x100 /* trapno of a frame built by syscall */

/* X86_EFAULT: x86_64/md_inline.h */

/*
 * The register frame saved at every kernel entry, at the top of the
 * thread's kernel stack for entries from user mode.  Order matters:
 * x86_64/locore.S pushes it, and the syscall path hands &rdi to the trap
 * dispatcher as its args[9]: the six register arguments in trap order,
 * then the three the syscall path fetches from the user stack.
 */
struct x86_saved_state {
	uint64_t r15, r14, r13, r12, rbx, rbp, r11, rcx, rax;
	union {
		struct {
			uint64_t rdi, rsi, rdx, r10, r8, r9; /* args 0..5 */
			uint64_t uarg[3];                    /* args 6..8 */
		};
		uint64_t args[9]; /* what the trap dispatcher gets */
	};
	uint64_t pad;
	uint64_t trapno, err;
	uint64_t rip, cs, rflags, rsp, ss; /* hardware frame */
};
_Static_assert(sizeof(struct x86_saved_state) == 26 * 8, "frame layout");
_Static_assert(offsetof(struct x86_saved_state, uarg) ==
	offsetof(struct x86_saved_state, rdi) + 6 * 8,
    "trap arguments are contiguous");
_Static_assert(offsetof(struct x86_saved_state, trapno) == 19 * 8,
    "locore.S knows where trapno is");

enum x86_thread_run {
	XT_RUNNING,  /* on the CPU */
	XT_RUNNABLE, /* in a run queue */
	XT_WAITING,  /* md_thread_sleep */
	XT_DEAD,     /* terminated, stack not yet freed */
};

struct x86_pmap;
struct vm_map;

/*
 * The machine thread.  Fields are touched only with interrupts disabled
 * (the scheduler lock), except xt_fpu which only the thread itself uses.
 */
struct x86_thread {
	uint8_t xt_fpu[512] __attribute__((aligned(16))); /* fxsave area */
	uint64_t xt_ksp;              /* saved kernel rsp while off CPU */
	uint64_t xt_kstack_top;       /* rsp0 for entries from user mode */
	void *xt_kstack;              /* base of the kernel stack */
	struct thread *xt_owner;      /* kernel thread object */
	struct x86_pmap *xt_pmap;     /* user address space, or NULL */
	struct vm_map *xt_map;        /* its map, a reference */
	uint64_t xt_fsbase;           /* user FS base (TLS) */
	md_thread_continue_t xt_cont; /* first function to run */
	void *xt_cont_arg;
	enum x86_thread_run xt_run;
	int xt_pri;        /* 0..127, higher runs first */
	int xt_quantum;    /* ticks left */
	int xt_intr_depth; /* saved x86_intr_depth */
	bool xt_on_timerq;
	bool xt_idle;
	bool xt_ast;          /* x86_pending.ast while off CPU */
	uint64_t xt_deadline; /* wake-up time, 0 = none */
	struct x86_thread *xt_next, *xt_prev; /* run or timer queue */
	struct x86_thread *xt_all_next;       /* every machine thread */
	uint32_t xt_id;
};

#define X86_KSTACK_SIZE (32 * 1024)
#define X86_NPRI 128
#define X86_PRI_DEFAULT 31
#define X86_PRI_IDLE (-1)
#define X86_HZ 1000
#define X86_QUANTUM 10 /* ticks */

/* locore.S */
void x86_thread_trampoline(void);
_Noreturn void x86_run_on_stack(uint64_t top, void (*fn)(void));
_Noreturn void x86_return_to_user(struct x86_saved_state *frame);
void x86_syscall_entry(void);
void x86_load_gdt_tss(void *gdtr, uint16_t tss_sel);
int x86_copy_user(void *dst, const void *src, size_t len);
int x86_copyin_3q(const void *usrc, uint64_t *dst);
extern uint64_t x86_syscall_kstack;
extern char x86_copy_begin[], x86_copy_end[], x86_copy_fault[];
extern char x86_copy3_begin[], x86_copy3_end[];
extern uint64_t x86_isr_table[];
extern char _kernel_start[], _kernel_end[], _bss_start[];

/* cpu.c: instructions as functions */
static inline void
outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t
rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile(
	    "wrmsr"
	    :
	    : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t
read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t
read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void
write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void
invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Zero n bytes (a multiple of 8) at p, 8 bytes at a time. */
static inline void
x86_zero8(void *p, size_t n)
{
	size_t count = n / 8;

	__asm__ volatile("rep stosq"
			 : "+D"(p), "+c"(count)
			 : "a"(0UL)
			 : "memory");
}

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define EFER_SCE 0x001
#define EFER_NXE 0x800
#define RFLAGS_CF 0x001

/* console.c */
void x86_console_init(void);
void x86_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void
x86_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int x86_snprintf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* boot.c */
extern bool x86_verbose;
extern uint64_t x86_initrd_phys, x86_initrd_size;
bool x86_boot_arg(const char *name, char *buf, size_t len);

/* pmap.c: physical pages and page tables */
void x86_phys_init(const void *start_info);
uint64_t x86_page_alloc(void);            /* physical, zeroed, or 0 */
uint64_t x86_page_alloc_contig(size_t n); /* physical, zeroed, or 0 */
void x86_page_free(uint64_t pa);
void x86_page_free_contig(uint64_t pa, size_t n);
uint64_t x86_pages_free(void);
extern uint64_t x86_kernel_pml4_phys;

/* kstack.c */
void x86_kstack_init(void);
void *x86_kstack_alloc(void);
void x86_kstack_free(void *stack);
bool x86_kstack_guard_hit(uint64_t addr);

/* kmem.c */
void x86_kmem_init(void);
uint64_t x86_kmem_in_use(void);
uint64_t x86_kmem_slab_pages(void);

/* trap.c */
void x86_desc_init(void);
void x86_trap(struct x86_saved_state *frame);
void x86_syscall(struct x86_saved_state *frame);
void x86_syscall_exit_work(void);
void x86_backtrace(uint64_t rbp);
void x86_dump_frame(const struct x86_saved_state *frame);
void x86_ast_check(void);

/* clock.c */
void x86_clock_init(void);
void x86_timer_tick(const struct x86_saved_state *frame);

/* kprof.c */
extern uint32_t x86_kprof_hz;
void x86_kprof_init(void);
bool x86_kprof_nmi(uint64_t rip, bool user);
void x86_kprof_dump(void);

/* sched.c */
extern struct x86_thread *x86_cur;
void x86_sched_init(void);
void x86_sched_boot_stack(void *stack);
void x86_sched_tick(uint64_t now);
void x86_thread_bootstrap(void);
struct x86_thread *
x86_thread_create(md_thread_continue_t cont, void *arg, int pri);
void x86_thread_setrun(struct x86_thread *xt);
void x86_thread_block(void);
bool x86_threads_settle(void);
void x86_thread_set_pmap(struct x86_thread *xt, struct x86_pmap *pmap);
struct x86_thread *x86_thread_of(struct thread *thread);


/* fpu */
void x86_fpu_init(void);
extern uint8_t x86_fpu_template[512];

#endif /* _X86_64_MACHINE_H_ */
