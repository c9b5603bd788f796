/*
 * vm/vm_map.h - address maps: the user half of one task's address space.
 *
 * A vm_map is a sorted list of entries (page-aligned [start, end) ranges
 * with a protection) over a pmap.  Memory is anonymous and private, and
 * is allocated and mapped eagerly, zero-filled, when an entry is made:
 * there is no paging, so a fault on a user address is always an error of
 * the program, and copyin/copyout never have to wait.
 *
 * Locking: the map lock (an md_lock) protects the entry list and the
 * pmap; it is held only for short, non-blocking work.  References: a map
 * starts with one (vm_map_retain adds one); vm_map_release drops one
 * and destroys the map at
 * zero.
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <kern/md.h>
#include <vm/pmap.h>

/* Results, with the values of Mach's kern_return_t. */
#define VM_KERN_SUCCESS 0
#define VM_KERN_INVALID_ADDRESS 1
#define VM_KERN_NO_SPACE 3
#define VM_KERN_INVALID_ARGUMENT 4
#define VM_KERN_RESOURCE_SHORTAGE 6

#define VM_MAP_MIN 0x0000000000001000UL /* page 0 stays unmapped */
#define VM_MAP_MAX 0x00007ffffffff000UL
#define VM_MAP_ANYWHERE_BASE 0x0000000100000000UL /* first fit from here */
#define VM_MAP_SIZE_LIMIT (256UL << 20)           /* per map, bytes */

struct vm_map_entry {
	struct vm_map_entry *vme_next; /* sorted by address */
	uint64_t vme_start;
	uint64_t vme_end;
	int vme_prot;
};

struct vm_map {
	/* (l) = map lock */
	md_lock_t vm_lock;
	uint32_t vm_refs;                /* (l) */
	struct vm_map_entry *vm_entries; /* (l) */
	uint64_t vm_size;                /* (l) bytes mapped */
	pmap_t vm_pmap;                  /* fixed at creation */
};

struct vm_map *vm_map_create(void);
void vm_map_retain(struct vm_map *map);
void vm_map_release(struct vm_map *map);
int vm_map_allocate(
    struct vm_map *map, uint64_t *addr, uint64_t size, bool anywhere, int prot);
int vm_map_remove(struct vm_map *map, uint64_t addr, uint64_t size);
int
vm_map_write(struct vm_map *map, uint64_t uaddr, const void *kbuf, size_t len);
int vm_map_read(struct vm_map *map, uint64_t uaddr, void *kbuf, size_t len);
uint64_t vm_map_size(struct vm_map *map);
pmap_t vm_map_pmap(struct vm_map *map);
uint64_t vm_page_free_count(void);

#endif /* _VM_VM_MAP_H_ */
