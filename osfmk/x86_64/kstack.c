/*
 * x86_64/kstack.c - kernel stacks with guard pages.
 *
 * Kernel stacks live in their own region of the kernel half (PML4 entry
 * 510, shared by every address space like the rest of the kernel half),
 * in slots of X86_KSTACK_SIZE bytes of mapped pages above one unmapped
 * guard page:
 *
 *	KSTACK_BASE + slot * KSTACK_SLOT
 *	| guard (unmapped) | stack pages ..................... top |
 *
 * A stack that overflows runs into its guard page: the page fault cannot
 * be delivered on the same stack, so the CPU raises a double fault,
 * which runs on its own stack (IST1) and reports "kernel stack overflow"
 * (x86_kstack_guard_hit).  Stack pages need not be contiguous in
 * physical memory.
 */
#include <x86_64/machine.h>

#define KSTACK_BASE 0xffffff0000000000UL /* PML4[510] */
#define KSTACK_SLOT (X86_KSTACK_SIZE + PAGE_SIZE_X86)
#define KSTACK_SLOTS 4096

extern uint64_t boot_pml4[];

static uint64_t kstack_used[KSTACK_SLOTS / 64];

/*
 * Routine:	x86_kstack_init
 * Purpose:	Give the kernel PML4 its stack region (before any address
 *		space copies the kernel half).
 * Conditions:	Boot, after the page allocator, before pmap_create.
 * Returns:	Nothing.
 */
void
x86_kstack_init(void)
{
	uint64_t pdpt = x86_page_alloc();

	if (pdpt == 0)
		x86_panic("x86_kstack_init: no memory");
	boot_pml4[(KSTACK_BASE >> 39) & 511] = pdpt | PTE_P | PTE_W;
}

/* The kernel PTE slot of va in the stack region, making tables. */
static uint64_t *
kpte_slot(uint64_t va)
{
	uint64_t *t = PHYS_TO_VIRT(x86_kernel_pml4_phys);
	int level;

	for (level = 3; level >= 1; level--) {
		uint64_t *e = &t[(va >> (12 + 9 * level)) & 511];

		if ((*e & PTE_P) == 0) {
			uint64_t ptp = x86_page_alloc();

			if (ptp == 0)
				return NULL;
			*e = ptp | PTE_P | PTE_W;
		}
		t = PHYS_TO_VIRT(*e & PTE_ADDR);
	}
	return &t[(va >> 12) & 511];
}

static void
kstack_unmap(uint64_t base, size_t pages)
{
	size_t i;

	for (i = 0; i < pages; i++) {
		uint64_t *pte = kpte_slot(base + i * PAGE_SIZE_X86);

		if (pte != NULL && (*pte & PTE_P)) {
			x86_page_free(*pte & PTE_ADDR);
			*pte = 0;
			invlpg(base + i * PAGE_SIZE_X86);
		}
	}
}

static int
kstack_slot_take(void)
{
	int i;

	for (i = 0; i < KSTACK_SLOTS; i++) {
		if ((kstack_used[i / 64] & (1UL << (i % 64))) == 0) {
			kstack_used[i / 64] |= 1UL << (i % 64);
			return i;
		}
	}
	return -1;
}

/*
 * Routine:	x86_kstack_alloc
 * Purpose:	A zero-filled kernel stack of X86_KSTACK_SIZE bytes with an
 *		unmapped guard page below it.
 * Conditions:	Any thread context.
 * Returns:	The lowest address of the stack, or NULL.
 */
void *
x86_kstack_alloc(void)
{
	uint64_t base, pa, *pte;
	size_t i, pages = X86_KSTACK_SIZE / PAGE_SIZE_X86;
	int slot;

	x86_splhigh();
	slot = kstack_slot_take();
	x86_splx();
	if (slot < 0)
		return NULL;
	base = KSTACK_BASE + (uint64_t)slot * KSTACK_SLOT + PAGE_SIZE_X86;
	for (i = 0; i < pages; i++) {
		pa = x86_page_alloc();
		x86_splhigh();
		pte = pa != 0 ? kpte_slot(base + i * PAGE_SIZE_X86) : NULL;
		if (pte != NULL)
			*pte = pa | PTE_P | PTE_W | PTE_NX;
		x86_splx();
		if (pte == NULL) {
			if (pa != 0)
				x86_page_free(pa);
			x86_kstack_free((void *)base);
			return NULL;
		}
	}
	return (void *)base;
}

/*
 * Routine:	x86_kstack_free
 * Purpose:	Unmap a stack from x86_kstack_alloc and free its pages.
 * Conditions:	Nobody runs on it.
 * Returns:	Nothing.
 */
void
x86_kstack_free(void *stack)
{
	uint64_t base = (uint64_t)stack;
	uint64_t slot = (base - KSTACK_BASE) / KSTACK_SLOT;

	x86_splhigh();
	kstack_unmap(base, X86_KSTACK_SIZE / PAGE_SIZE_X86);
	kstack_used[slot / 64] &= ~(1UL << (slot % 64));
	x86_splx();
}

/*
 * Routine:	x86_kstack_guard_hit
 * Purpose:	Whether an address is in the guard page of a kernel stack.
 * Conditions:	Any.
 * Returns:	true if it is.
 */
bool
x86_kstack_guard_hit(uint64_t addr)
{
	if (addr < KSTACK_BASE ||
	    addr >= KSTACK_BASE + (uint64_t)KSTACK_SLOTS * KSTACK_SLOT)
		return false;
	return (addr - KSTACK_BASE) % KSTACK_SLOT < PAGE_SIZE_X86;
}
