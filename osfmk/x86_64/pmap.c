/*
 * x86_64/pmap.c - physical memory and page tables.
 *
 * Physical pages: one bit per 4 KiB page below 4 GiB (1 = in use), set
 * up from the firmware memory map of the PVH start info (or, without one,
 * from the CMOS memory size).  Memory below 1 MiB, the kernel image and
 * the boot archive are never handed out.  Every page is reachable through
 * the physmap, so page tables are edited through ordinary pointers.
 *
 * Page tables: the kernel PML4 is the boot one; after start-up its user
 * half is empty.  A pmap's PML4 copies the kernel half, so kernel
 * mappings (physmap, image) are the same in every address space.
 */
#include <x86_64/machine.h>
#include <vm/pmap.h>

#define MAX_PAGES (PHYSMAP_LIMIT / PAGE_SIZE_X86)
#define PVH_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr; /* version 1 */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

static uint64_t page_bitmap[MAX_PAGES / 64];
static uint64_t page_limit; /* pages considered */
static uint64_t page_hint;  /* where the next search starts */
static uint64_t pages_free;
uint64_t x86_kernel_pml4_phys;
extern uint64_t boot_pml4[];

static void
page_mark(uint64_t pn, bool used)
{
	uint64_t bit = 1UL << (pn % 64);

	if (pn >= page_limit)
		return;
	if (used && (page_bitmap[pn / 64] & bit) == 0) {
		page_bitmap[pn / 64] |= bit;
		pages_free--;
	} else if (!used && (page_bitmap[pn / 64] & bit) != 0) {
		page_bitmap[pn / 64] &= ~bit;
		pages_free++;
	}
}

static void
range_mark(uint64_t start, uint64_t end, bool used)
{
	uint64_t pn;

	if (used) {
		start &= ~PAGE_MASK_X86;
		end = (end + PAGE_MASK_X86) & ~PAGE_MASK_X86;
	} else {
		start = (start + PAGE_MASK_X86) & ~PAGE_MASK_X86;
		end &= ~PAGE_MASK_X86;
	}
	for (pn = start / PAGE_SIZE_X86; pn < end / PAGE_SIZE_X86; pn++)
		page_mark(pn, used);
}

static uint8_t
cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

/* RAM from the firmware memory map; false if there is none. */
static bool
phys_from_memmap(const struct hvm_start_info *si)
{
	const struct hvm_memmap_entry *e;
	uint32_t i;

	if (si == NULL || si->version < 1 || si->memmap_entries == 0)
		return false;
	e = PHYS_TO_VIRT(si->memmap_paddr);
	for (i = 0; i < si->memmap_entries; i++) {
		if (e[i].type == E820_RAM)
			range_mark(e[i].addr, e[i].addr + e[i].size, false);
	}
	return true;
}

/* RAM from the CMOS: 64 KiB units above 16 MiB (registers 0x34/0x35). */
static void
phys_from_cmos(void)
{
	uint64_t above16 = cmos_read(0x34) | (uint64_t)cmos_read(0x35) << 8;

	range_mark(0x100000, 16UL << 20, false);
	range_mark(16UL << 20, (16UL << 20) + (above16 << 16), false);
}

/*
 * Routine:	x86_phys_init
 * Purpose:	Build the free-page bitmap and drop the identity mapping the
 *		boot code needed.
 * Conditions:	Boot, once, after the boot arguments were copied.
 * Returns:	Nothing.
 */
void
x86_phys_init(const void *start_info)
{
	const struct hvm_start_info *si = start_info;
	uint64_t i;

	page_limit = MAX_PAGES;
	for (i = 0; i < MAX_PAGES / 64; i++)
		page_bitmap[i] = ~0UL;
	pages_free = 0;
	if (si != NULL && si->magic != PVH_MAGIC)
		si = NULL;
	if (!phys_from_memmap(si))
		phys_from_cmos();
	range_mark(0, 0x100000, true);
	range_mark(KIMG_TO_PHYS(_kernel_start) & ~0xfffffUL,
	    KIMG_TO_PHYS(_kernel_end), true);
	range_mark(0x100000, 0x100000 + PAGE_SIZE_X86 * 4, true); /* .boot */
	if (x86_initrd_size != 0)
		range_mark(
		    x86_initrd_phys, x86_initrd_phys + x86_initrd_size, true);
	page_hint = 0x100000 / PAGE_SIZE_X86;
	x86_kernel_pml4_phys = KIMG_TO_PHYS(boot_pml4);
	boot_pml4[0] = 0;
	write_cr3(x86_kernel_pml4_phys);
}

static void
page_zero(uint64_t pa, size_t n)
{
	x86_zero8(PHYS_TO_VIRT(pa), n * PAGE_SIZE_X86);
}

/*
 * Routine:	x86_page_alloc
 * Purpose:	Take one zero-filled physical page.
 * Conditions:	Interrupts may be on; the allocator locks itself.
 * Returns:	The physical address, or 0 when memory is exhausted.
 */
uint64_t
x86_page_alloc(void)
{
	uint64_t w, start, pa = 0;

	x86_splhigh();
	start = page_hint / 64;
	for (w = start; w < page_limit / 64; w++) {
		if (page_bitmap[w] != ~0UL)
			break;
	}
	if (w < page_limit / 64) {
		uint64_t pn = w * 64 + __builtin_ctzl(~page_bitmap[w]);

		page_mark(pn, true);
		page_hint = pn;
		pa = pn * PAGE_SIZE_X86;
	}
	x86_splx();
	if (pa == 0 && start != 0x100000 / PAGE_SIZE_X86 / 64) {
		page_hint = 0x100000 / PAGE_SIZE_X86;
		return x86_page_alloc();
	}
	if (pa != 0)
		page_zero(pa, 1);
	return pa;
}

/* Length of the free run at pn, up to n pages. */
static size_t
run_free(uint64_t pn, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pn + i >= page_limit ||
		    (page_bitmap[(pn + i) / 64] & (1UL << ((pn + i) % 64))))
			return i;
	}
	return n;
}

/*
 * Routine:	x86_page_alloc_contig
 * Purpose:	Take n physically contiguous zero-filled pages.
 * Conditions:	As x86_page_alloc.
 * Returns:	The physical address of the first, or 0.
 */
uint64_t
x86_page_alloc_contig(size_t n)
{
	uint64_t pn, pa = 0;
	size_t i;

	if (n == 1)
		return x86_page_alloc();
	x86_splhigh();
	for (pn = 0x100000 / PAGE_SIZE_X86; pn + n <= page_limit;) {
		size_t run;

		if (pn % 64 == 0 && page_bitmap[pn / 64] == ~0UL) {
			pn += 64; /* 64 pages in use at once */
			continue;
		}
		run = run_free(pn, n);
		if (run == n) {
			for (i = 0; i < n; i++)
				page_mark(pn + i, true);
			pa = pn * PAGE_SIZE_X86;
			break;
		}
		pn += run + 1; /* past the page in use */
	}
	x86_splx();
	if (pa != 0)
		page_zero(pa, n);
	return pa;
}

/*
 * Routine:	x86_page_free
 * Purpose:	Return one page.
 * Conditions:	The page is no longer mapped anywhere.
 * Returns:	Nothing.
 */
void
x86_page_free(uint64_t pa)
{
	x86_page_free_contig(pa, 1);
}

/*
 * Routine:	x86_page_free_contig
 * Purpose:	Return n contiguous pages.
 * Conditions:	As x86_page_free.
 * Returns:	Nothing.
 */
void
x86_page_free_contig(uint64_t pa, size_t n)
{
	size_t i;

	x86_splhigh();
	for (i = 0; i < n; i++)
		page_mark(pa / PAGE_SIZE_X86 + i, false);
	if (pa / PAGE_SIZE_X86 < page_hint)
		page_hint = pa / PAGE_SIZE_X86;
	x86_splx();
}

/*
 * Routine:	x86_pages_free
 * Purpose:	Count of free physical pages.
 * Conditions:	Any.
 * Returns:	The count.
 */
uint64_t
x86_pages_free(void)
{
	return pages_free;
}

/*
 * Routine:	pmap_page_alloc
 * Purpose:	A zero-filled physical page for vm_map.
 * Conditions:	Any.
 * Returns:	Its physical address, or 0.
 */
uint64_t
pmap_page_alloc(void)
{
	return x86_page_alloc();
}

/*
 * Routine:	pmap_page_free
 * Purpose:	Give back a page from pmap_page_alloc.
 * Conditions:	Unmapped.
 * Returns:	Nothing.
 */
void
pmap_page_free(uint64_t pa)
{
	x86_page_free(pa);
}

/*
 * Routine:	pmap_phys_to_virt
 * Purpose:	The kernel address of a physical address (the physmap).
 * Conditions:	Any.
 * Returns:	The address.
 */
void *
pmap_phys_to_virt(uint64_t pa)
{
	return PHYS_TO_VIRT(pa);
}

/*
 * Routine:	pmap_create
 * Purpose:	A new address space: empty user half, shared kernel half.
 * Conditions:	Nothing held.
 * Returns:	The pmap, or NULL when memory is short.
 */
pmap_t
pmap_create(void)
{
	pmap_t pmap = md_kmem_alloc(sizeof(*pmap));
	uint64_t *pml4, *kpml4 = PHYS_TO_VIRT(x86_kernel_pml4_phys);
	int i;

	if (pmap == NULL)
		return NULL;
	pmap->pm_pml4 = x86_page_alloc();
	if (pmap->pm_pml4 == 0) {
		md_kmem_free(pmap, sizeof(*pmap));
		return NULL;
	}
	pml4 = PHYS_TO_VIRT(pmap->pm_pml4);
	for (i = 256; i < 512; i++)
		pml4[i] = kpml4[i];
	return pmap;
}

/* Free a page-table subtree; level 3 = PDPT, 2 = PD, 1 = PT. */
static void
ptp_free_tree(pmap_t pmap, uint64_t ptp, int level)
{
	uint64_t *t = PHYS_TO_VIRT(ptp);
	int i;

	for (i = 0; i < 512; i++) {
		if ((t[i] & PTE_P) == 0)
			continue;
		if (level > 1) {
			ptp_free_tree(pmap, t[i] & PTE_ADDR, level - 1);
		} else {
			x86_page_free(t[i] & PTE_ADDR);
			pmap->pm_pages--;
		}
	}
	x86_page_free(ptp);
	pmap->pm_ptps--;
}

/*
 * Routine:	pmap_destroy
 * Purpose:	Free every page mapped in the user half, every page-table
 *		page and the pmap itself.
 * Conditions:	Not active on the CPU.
 * Returns:	Nothing.
 */
void
pmap_destroy(pmap_t pmap)
{
	uint64_t *pml4 = PHYS_TO_VIRT(pmap->pm_pml4);
	int i;

	if (read_cr3() == pmap->pm_pml4)
		pmap_kernel_activate();
	for (i = 0; i < 256; i++) {
		if (pml4[i] & PTE_P)
			ptp_free_tree(pmap, pml4[i] & PTE_ADDR, 3);
	}
	x86_page_free(pmap->pm_pml4);
	md_kmem_free(pmap, sizeof(*pmap));
}

/* The PTE slot of va, making missing page-table pages when asked. */
static uint64_t *
pte_slot(pmap_t pmap, uint64_t va, bool make)
{
	uint64_t *t = PHYS_TO_VIRT(pmap->pm_pml4);
	int level, idx;

	for (level = 3; level >= 1; level--) {
		idx = (va >> (12 + 9 * level)) & 511;
		if ((t[idx] & PTE_P) == 0) {
			uint64_t ptp;

			if (!make)
				return NULL;
			ptp = x86_page_alloc();
			if (ptp == 0)
				return NULL;
			pmap->pm_ptps++;
			t[idx] = ptp | PTE_P | PTE_W | PTE_U;
		}
		t = PHYS_TO_VIRT(t[idx] & PTE_ADDR);
	}
	return &t[(va >> 12) & 511];
}

/*
 * Routine:	pmap_enter
 * Purpose:	Map the user page va to physical page pa.
 * Conditions:	va is a page-aligned user address; nothing mapped there.
 * Returns:	true, or false when a page-table page could not be had.
 */
bool
pmap_enter(pmap_t pmap, uint64_t va, uint64_t pa, int prot)
{
	uint64_t *pte = pte_slot(pmap, va, true);
	uint64_t bits = PTE_P | PTE_U;

	if (pte == NULL)
		return false;
	if (prot & PMAP_PROT_WRITE)
		bits |= PTE_W;
	*pte = pa | bits;
	pmap->pm_pages++;
	return true;
}

/*
 * Routine:	pmap_remove
 * Purpose:	Unmap the user page at va.
 * Conditions:	va page-aligned.  The TLB entry is flushed when the pmap
 *		is the active one.
 * Returns:	The physical page that was mapped (the caller frees it), or 0.
 */
uint64_t
pmap_remove(pmap_t pmap, uint64_t va)
{
	uint64_t *pte = pte_slot(pmap, va, false);
	uint64_t pa;

	if (pte == NULL || (*pte & PTE_P) == 0)
		return 0;
	pa = *pte & PTE_ADDR;
	*pte = 0;
	pmap->pm_pages--;
	if (read_cr3() == pmap->pm_pml4)
		invlpg(va);
	return pa;
}

/*
 * Routine:	pmap_extract
 * Purpose:	Translate a user address.
 * Conditions:	Any.
 * Returns:	The physical address of va (with its page offset) and its
 *		protection in *prot (if not NULL), or 0 if unmapped.
 */
uint64_t
pmap_extract(pmap_t pmap, uint64_t va, int *prot)
{
	uint64_t *pte;

	if (va >= USER_TOP)
		return 0;
	pte = pte_slot(pmap, va & ~PAGE_MASK_X86, false);
	if (pte == NULL || (*pte & PTE_P) == 0)
		return 0;
	if (prot != NULL)
		*prot = PMAP_PROT_READ | PMAP_PROT_EXEC |
		    ((*pte & PTE_W) ? PMAP_PROT_WRITE : 0);
	return (*pte & PTE_ADDR) | (va & PAGE_MASK_X86);
}

/*
 * Routine:	pmap_activate
 * Purpose:	Make pmap the CPU's address space.
 * Conditions:	Interrupts off.
 * Returns:	Nothing.
 */
void
pmap_activate(pmap_t pmap)
{
	if (read_cr3() != pmap->pm_pml4)
		write_cr3(pmap->pm_pml4);
}

/*
 * Routine:	pmap_kernel_activate
 * Purpose:	Switch to the kernel-only address space.
 * Conditions:	Any.
 * Returns:	Nothing.
 */
void
pmap_kernel_activate(void)
{
	if (read_cr3() != x86_kernel_pml4_phys)
		write_cr3(x86_kernel_pml4_phys);
}

/*
 * Routine:	pmap_free_pages
 * Purpose:	Free physical pages, for leak checks.
 * Conditions:	Any.
 * Returns:	The count.
 */
uint64_t
pmap_free_pages(void)
{
	return pages_free;
}
