/*
 * kern/kalloc.c - variable-sized allocations on top of md_kmem_alloc,
 * counted so that leaks of message bodies and tables show up.
 */
#include <kern/kalloc.h>
#include <kern/zalloc.h>
#include <kern/md.h>

static zone_t kalloc_zone;

/*
 * Routine:	kalloc_init
 * Purpose:
 *	Create the accounting zone.
 * Conditions:
 *	Boot, single-threaded.
 * Returns:
 *	Nothing.
 */
void
kalloc_init(void)
{
	kalloc_zone = zone_create("kalloc", 0, 0);
}

/*
 * Routine:	kalloc
 * Purpose:
 *	Allocate size zero-filled bytes.
 * Conditions:
 *	Never blocks.
 * Returns:
 *	The memory, or NULL.
 */
void *
kalloc(size_t size)
{
	void *p = md_kmem_alloc(size == 0 ? 1 : size);

	if (p != NULL)
		zone_account(kalloc_zone, 1, (int64_t)size);
	return p;
}

/*
 * Routine:	kfree
 * Purpose:
 *	Free memory from kalloc; size must be the size that was asked for.
 * Conditions:
 *	Any.
 * Returns:
 *	Nothing.
 */
void
kfree(void *addr, size_t size)
{
	if (addr == NULL)
		return;
	zone_account(kalloc_zone, -1, -(int64_t)size);
	md_kmem_free(addr, size == 0 ? 1 : size);
}
