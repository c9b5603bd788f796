/*
 * kern/zalloc.h - zones: typed allocators with live counters and limits.
 *
 * Every object the kernel allocates on a user's behalf comes from a zone,
 * so a test can prove that nothing leaked (zone_live() back to where it
 * was) and every zone can carry a hard limit (zalloc() then returns NULL
 * and the caller turns that into a clear Mach error).
 *
 * Fixed-size zones hand out elements.  Accounting zones (element size 0)
 * only count: variable-sized things such as request tables and entry
 * tables are allocated with kalloc() and reported to an accounting zone
 * with zone_account(), so their number and size are visible too.
 *
 * With ZONE_POISON, freed elements are kept on the zone's own free list
 * filled with a pattern that is verified when the element is reused: a
 * write after free panics instead of corrupting silently.
 */
#ifndef _KERN_ZALLOC_H_
#define _KERN_ZALLOC_H_

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct zone *zone_t;
#define ZONE_NULL ((zone_t)0)

struct zone {
	const char *z_name;
	size_t z_elem_size; /* 0: accounting zone */
	uint64_t z_max;     /* hard limit on live elements; 0 = none */
	uint64_t z_live;    /* atomic: elements (or units) now allocated */
	uint64_t z_bytes;   /* atomic: bytes now allocated */
	uint64_t z_total;   /* atomic: allocations ever */
	uint64_t z_peak;    /* atomic: highest z_live seen */
	void *z_freelist;   /* ZONE_POISON quarantine, under z_lock */
	uint32_t z_lock;    /* spin word for z_freelist */
	struct zone *z_next;
};

#define ZONE_MAX_ZONES 64

zone_t zone_create(const char *name, size_t elem_size, uint64_t max);
void *zalloc(zone_t zone);
void zfree(zone_t zone, void *elem);

/*
 * Routine:	zone_account
 * Purpose:
 *	Adjust an accounting zone's counters by units and bytes (either may
 *	be negative).  Growing past the limit is the caller's business: it
 *	checks zone_live() against z_max before allocating.  Inline: every
 *	message and entry is counted.
 * Conditions:
 *	Any.
 * Returns:
 *	Nothing.
 */
static inline __attribute__((always_inline)) void
zone_account(zone_t z, int64_t units, int64_t bytes)
{
	__atomic_add_fetch(&z->z_live, (uint64_t)units, __ATOMIC_RELAXED);
	__atomic_add_fetch(&z->z_bytes, (uint64_t)bytes, __ATOMIC_RELAXED);
	if (units > 0) {
		uint64_t live = __atomic_load_n(&z->z_live, __ATOMIC_RELAXED);
		uint64_t peak = __atomic_load_n(&z->z_peak, __ATOMIC_RELAXED);

		while (live > peak &&
		    !__atomic_compare_exchange_n(&z->z_peak, &peak, live, true,
			__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			continue;
	}
}
uint64_t zone_live(zone_t zone);

/* Iteration over every zone, for leak checks and zprint-style reports. */
typedef void (*zone_visit_t)(zone_t zone, void *arg);
void zone_iterate(zone_visit_t visit, void *arg);
zone_t zone_find(const char *name);
void zone_drain(void);

#endif /* _KERN_ZALLOC_H_ */
