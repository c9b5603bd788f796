/*
 * kern/zalloc.c - zones.  See kern/zalloc.h.
 */
#include <kern/zalloc.h>
#include <kern/md.h>
#include <kern/debug.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define ZONE_ASAN_POISON(p, n) __asan_poison_memory_region((p), (n))
#define ZONE_ASAN_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define ZONE_ASAN_POISON(p, n) ((void)0)
#define ZONE_ASAN_UNPOISON(p, n) ((void)0)
#endif

#define ZONE_POISON_BYTE 0xdb

static struct zone zone_array[ZONE_MAX_ZONES];
static uint32_t zone_count;
static uint32_t zone_registry_lock;

static void
spin_acquire(uint32_t *word)
{
	while (__atomic_exchange_n(word, 1, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(word, __ATOMIC_RELAXED) != 0)
			continue;
	}
}

static void
spin_release(uint32_t *word)
{
	__atomic_store_n(word, 0, __ATOMIC_RELEASE);
}

/*
 * Routine:	zone_create
 * Purpose:
 *	Create a zone (elem_size > 0) or an accounting zone (elem_size 0)
 *	with an optional hard limit on live elements.
 * Conditions:
 *	Nothing locked.  Zones are never destroyed.
 * Returns:
 *	The zone; panics if the static zone array is full.
 */
zone_t
zone_create(const char *name, size_t elem_size, uint64_t max)
{
	zone_t z;

	spin_acquire(&zone_registry_lock);
	if (zone_count == ZONE_MAX_ZONES)
		panic("zone_create(%s): too many zones", name);
	z = &zone_array[zone_count++];
	z->z_name = name;
	z->z_elem_size = elem_size < sizeof(void *) && elem_size != 0
	    ? sizeof(void *)
	    : elem_size;
	z->z_max = max;
	spin_release(&zone_registry_lock);
	return z;
}

/* Reserve one unit against the limit; false if the zone is full. */
static bool
zone_reserve(zone_t z)
{
	uint64_t live = __atomic_add_fetch(&z->z_live, 1, __ATOMIC_RELAXED);
	uint64_t peak = __atomic_load_n(&z->z_peak, __ATOMIC_RELAXED);

	if (z->z_max != 0 && live > z->z_max) {
		__atomic_sub_fetch(&z->z_live, 1, __ATOMIC_RELAXED);
		return false;
	}
	while (live > peak &&
	    !__atomic_compare_exchange_n(&z->z_peak, &peak, live, true,
		__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		continue;
	__atomic_add_fetch(&z->z_total, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&z->z_bytes, z->z_elem_size, __ATOMIC_RELAXED);
	return true;
}

#if ZONE_POISON
static void *
zone_quarantine_pop(zone_t z)
{
	unsigned char *elem;
	size_t i;

	spin_acquire(&z->z_lock);
	elem = z->z_freelist;
	if (elem != NULL) {
		ZONE_ASAN_UNPOISON(elem, z->z_elem_size);
		z->z_freelist = *(void **)elem;
	}
	spin_release(&z->z_lock);
	if (elem == NULL)
		return NULL;
	for (i = sizeof(void *); i < z->z_elem_size; i++) {
		if (elem[i] != ZONE_POISON_BYTE)
			panic("zone %s: element %p modified after free "
			      "(offset %zu)",
			    z->z_name, (void *)elem, i);
	}
	memset(elem, 0, z->z_elem_size);
	return elem;
}

static void
zone_quarantine_push(zone_t z, void *elem)
{
	memset(elem, ZONE_POISON_BYTE, z->z_elem_size);
	spin_acquire(&z->z_lock);
	*(void **)elem = z->z_freelist;
	z->z_freelist = elem;
	ZONE_ASAN_POISON(elem, z->z_elem_size);
	spin_release(&z->z_lock);
}
#endif

/*
 * Routine:	zalloc
 * Purpose:
 *	Allocate one zero-filled element.
 * Conditions:
 *	Nothing required; never blocks, so it may be called with IPC locks
 *	held.
 * Returns:
 *	The element, or NULL when the zone's limit is reached or memory is
 *	exhausted.
 */
void *
zalloc(zone_t z)
{
	void *elem = NULL;

	assert(z->z_elem_size != 0);
	if (!zone_reserve(z))
		return NULL;
#if ZONE_POISON
	elem = zone_quarantine_pop(z);
#endif
	if (elem == NULL)
		elem = md_kmem_alloc(z->z_elem_size);
	if (elem == NULL)
		zone_account(z, -1, -(int64_t)z->z_elem_size);
	return elem;
}

/*
 * Routine:	zfree
 * Purpose:
 *	Return an element to its zone.
 * Conditions:
 *	elem came from zalloc(z) and is no longer referenced.
 * Returns:
 *	Nothing.
 */
void
zfree(zone_t z, void *elem)
{
	assert(elem != NULL);
	if (__atomic_load_n(&z->z_live, __ATOMIC_RELAXED) == 0)
		panic("zfree(%s): more frees than allocations", z->z_name);
	zone_account(z, -1, -(int64_t)z->z_elem_size);
	__atomic_sub_fetch(&z->z_total, 1, __ATOMIC_RELAXED);
#if ZONE_POISON
	zone_quarantine_push(z, elem);
#else
	md_kmem_free(elem, z->z_elem_size);
#endif
}

/*
 * Routine:	zone_live
 * Purpose:
 *	Read a zone's live count.
 * Conditions:
 *	Any; the value may be stale by the time it is used.
 * Returns:
 *	The number of live elements (units for accounting zones).
 */
uint64_t
zone_live(zone_t z)
{
	return __atomic_load_n(&z->z_live, __ATOMIC_RELAXED);
}

/*
 * Routine:	zone_iterate
 * Purpose:
 *	Call visit on every zone, in creation order.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	Nothing.
 */
void
zone_iterate(zone_visit_t visit, void *arg)
{
	uint32_t i, n = __atomic_load_n(&zone_count, __ATOMIC_ACQUIRE);

	for (i = 0; i < n; i++)
		visit(&zone_array[i], arg);
}

/*
 * Routine:	zone_find
 * Purpose:
 *	Look a zone up by name.
 * Conditions:
 *	Nothing locked.
 * Returns:
 *	The zone, or ZONE_NULL.
 */
zone_t
zone_find(const char *name)
{
	uint32_t i, n = __atomic_load_n(&zone_count, __ATOMIC_ACQUIRE);

	for (i = 0; i < n; i++) {
		if (strcmp(zone_array[i].z_name, name) == 0)
			return &zone_array[i];
	}
	return ZONE_NULL;
}

/*
 * Routine:	zone_drain
 * Purpose:
 *	Give every quarantined (ZONE_POISON) element back to the machine,
 *	checking its poison one last time (hosted shutdown, so that leak
 *	checkers see only real leaks).
 * Conditions:
 *	Nothing else is running.
 * Returns:
 *	Nothing.
 */
void
zone_drain(void)
{
#if ZONE_POISON
	uint32_t i;

	for (i = 0; i < zone_count; i++) {
		zone_t z = &zone_array[i];
		void *elem;

		while (z->z_elem_size != 0 &&
		    (elem = zone_quarantine_pop(z)) != NULL)
			md_kmem_free(elem, z->z_elem_size);
	}
#endif
}
