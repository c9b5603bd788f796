/*
 * vm/pmap.h - physical maps: the page tables of one address space.
 *
 * A pmap owns the user half of a 4-level page table (PML4 entries 0..255)
 * and every page-table page and data page mapped there; entries 256..511
 * are copied from the kernel's PML4 when the pmap is made, and point to
 * page-table pages that every pmap shares.  Implemented by the machine
 * (osfmk/x86_64/pmap.c); used by vm_map.
 */
#ifndef _VM_PMAP_H_
#define _VM_PMAP_H_

#include <stdint.h>
#include <stdbool.h>

/* Protections, with Mach's vm_prot_t values. */
#define PMAP_PROT_READ 0x1
#define PMAP_PROT_WRITE 0x2
#define PMAP_PROT_EXEC 0x4

struct x86_pmap {
	uint64_t pm_pml4;  /* physical address of the PML4 */
	uint64_t pm_pages; /* data pages mapped */
	uint64_t pm_ptps;  /* page-table pages, PML4 excluded */
};
typedef struct x86_pmap *pmap_t;

pmap_t pmap_create(void);
void pmap_destroy(pmap_t pmap);
bool pmap_enter(pmap_t pmap, uint64_t va, uint64_t pa, int prot);
uint64_t pmap_remove(pmap_t pmap, uint64_t va);
uint64_t pmap_extract(pmap_t pmap, uint64_t va, int *prot);
void pmap_activate(pmap_t pmap);
void pmap_kernel_activate(void);

uint64_t pmap_page_alloc(void);
void pmap_page_free(uint64_t pa);
void *pmap_phys_to_virt(uint64_t pa);
uint64_t pmap_free_pages(void);

#endif /* _VM_PMAP_H_ */
