/*
 * vm/vm_map.c - address maps (see vm/vm_map.h for the model).
 */
#include <vm/vm_map.h>

#define VM_PAGE 4096UL
#define VM_PAGE_MASK (VM_PAGE - 1)
#define round_page(x) (((x) + VM_PAGE_MASK) & ~VM_PAGE_MASK)
#define trunc_page(x) ((x) & ~VM_PAGE_MASK)

/*
 * Routine:	vm_map_create
 * Purpose:	A new, empty user address space.
 * Conditions:	Nothing held.
 * Returns:	The map with one reference, or NULL when memory is short.
 */
struct vm_map *
vm_map_create(void)
{
	struct vm_map *map = md_kmem_alloc(sizeof(*map));

	if (map == NULL)
		return NULL;
	map->vm_pmap = pmap_create();
	if (map->vm_pmap == NULL) {
		md_kmem_free(map, sizeof(*map));
		return NULL;
	}
	md_lock_init(&map->vm_lock);
	map->vm_refs = 1;
	return map;
}

/*
 * Routine:	vm_map_retain
 * Purpose:	Take a reference on a map.
 * Conditions:	The caller holds a reference.
 * Returns:	Nothing.
 */
void
vm_map_retain(struct vm_map *map)
{
	md_lock_lock(&map->vm_lock);
	map->vm_refs++;
	md_lock_unlock(&map->vm_lock);
}

/*
 * Routine:	vm_map_release
 * Purpose:	Drop a reference; the last one frees every page, every page
 *		table and the map.
 * Conditions:	Consumes a reference.  No thread runs in the map any more
 *		when the last reference goes (md_thread_set_map(NULL)).
 * Returns:	Nothing.
 */
void
vm_map_release(struct vm_map *map)
{
	struct vm_map_entry *e, *next;
	uint32_t refs;

	if (map == NULL)
		return;
	md_lock_lock(&map->vm_lock);
	refs = --map->vm_refs;
	md_lock_unlock(&map->vm_lock);
	if (refs != 0)
		return;
	for (e = map->vm_entries; e != NULL; e = next) {
		next = e->vme_next;
		md_kmem_free(e, sizeof(*e));
	}
	pmap_destroy(map->vm_pmap);
	md_lock_destroy(&map->vm_lock);
	md_kmem_free(map, sizeof(*map));
}

/* First gap of size bytes at or above VM_MAP_ANYWHERE_BASE. */
static uint64_t
map_find_space_locked(struct vm_map *map, uint64_t size)
{
	uint64_t start = VM_MAP_ANYWHERE_BASE;
	struct vm_map_entry *e;

	for (e = map->vm_entries; e != NULL; e = e->vme_next) {
		if (e->vme_end <= start)
			continue;
		if (e->vme_start >= start + size)
			break;
		start = e->vme_end;
	}
	if (start + size > VM_MAP_MAX || start + size < start)
		return 0;
	return start;
}

static bool
map_range_free_locked(struct vm_map *map, uint64_t start, uint64_t end)
{
	struct vm_map_entry *e;

	for (e = map->vm_entries; e != NULL; e = e->vme_next) {
		if (e->vme_start < end && start < e->vme_end)
			return false;
	}
	return true;
}

static void
map_unmap_pages_locked(struct vm_map *map, uint64_t start, uint64_t end)
{
	uint64_t va, pa;

	for (va = start; va < end; va += VM_PAGE) {
		pa = pmap_remove(map->vm_pmap, va);
		if (pa != 0)
			pmap_page_free(pa);
	}
}

static bool
map_fill_pages_locked(
    struct vm_map *map, uint64_t start, uint64_t end, int prot)
{
	uint64_t va, pa;

	for (va = start; va < end; va += VM_PAGE) {
		pa = pmap_page_alloc();
		if (pa == 0 || !pmap_enter(map->vm_pmap, va, pa, prot)) {
			if (pa != 0)
				pmap_page_free(pa);
			map_unmap_pages_locked(map, start, va);
			return false;
		}
	}
	return true;
}

static void
map_insert_locked(struct vm_map *map, struct vm_map_entry *n)
{
	struct vm_map_entry **pp = &map->vm_entries;

	while (*pp != NULL && (*pp)->vme_start < n->vme_start)
		pp = &(*pp)->vme_next;
	n->vme_next = *pp;
	*pp = n;
}

/*
 * Routine:	vm_map_allocate
 * Purpose:	Map size bytes (rounded up to pages) of zero-filled memory,
 *		at *addr (rounded down to a page) or, if anywhere, where
 *		there is room; *addr receives the address.
 * Conditions:	Nothing held.
 * Returns:	VM_KERN_SUCCESS; VM_KERN_INVALID_ARGUMENT for size 0 or a
 *		wrapping range; VM_KERN_NO_SPACE when the range is taken or
 *		outside the user half; VM_KERN_RESOURCE_SHORTAGE when the
 *		map's size limit or physical memory is exhausted.
 */
int
vm_map_allocate(
    struct vm_map *map, uint64_t *addr, uint64_t size, bool anywhere, int prot)
{
	struct vm_map_entry *n;
	uint64_t start, end;

	if (size == 0 || round_page(size) < size)
		return VM_KERN_INVALID_ARGUMENT;
	size = round_page(size);
	n = md_kmem_alloc(sizeof(*n));
	if (n == NULL)
		return VM_KERN_RESOURCE_SHORTAGE;
	md_lock_lock(&map->vm_lock);
	start = anywhere ? map_find_space_locked(map, size) : trunc_page(*addr);
	end = start + size;
	if (start < VM_MAP_MIN || end > VM_MAP_MAX || end < start ||
	    !map_range_free_locked(map, start, end)) {
		md_lock_unlock(&map->vm_lock);
		md_kmem_free(n, sizeof(*n));
		return VM_KERN_NO_SPACE;
	}
	if (map->vm_size + size > VM_MAP_SIZE_LIMIT ||
	    !map_fill_pages_locked(map, start, end, prot)) {
		md_lock_unlock(&map->vm_lock);
		md_kmem_free(n, sizeof(*n));
		return VM_KERN_RESOURCE_SHORTAGE;
	}
	n->vme_start = start;
	n->vme_end = end;
	n->vme_prot = prot;
	map_insert_locked(map, n);
	map->vm_size += size;
	md_lock_unlock(&map->vm_lock);
	*addr = start;
	return VM_KERN_SUCCESS;
}

/* Cut [start, end) out of entry e; spare is used for a middle split. */
static void
map_clip_locked(struct vm_map *map, struct vm_map_entry *e, uint64_t start,
    uint64_t end, struct vm_map_entry **spare)
{
	uint64_t s = start > e->vme_start ? start : e->vme_start;
	uint64_t t = end < e->vme_end ? end : e->vme_end;

	map_unmap_pages_locked(map, s, t);
	map->vm_size -= t - s;
	if (s > e->vme_start && t < e->vme_end) {
		struct vm_map_entry *n = *spare;

		*spare = NULL;
		n->vme_start = t;
		n->vme_end = e->vme_end;
		n->vme_prot = e->vme_prot;
		n->vme_next = e->vme_next;
		e->vme_next = n;
		e->vme_end = s;
	} else if (s > e->vme_start) {
		e->vme_end = s;
	} else {
		e->vme_start = t; /* empty entries are dropped by the caller */
	}
}

/*
 * Routine:	vm_map_remove
 * Purpose:	Unmap and free every page in [addr, addr + size), rounded
 *		out to pages.  Unmapped parts of the range are ignored.
 * Conditions:	Nothing held.
 * Returns:	VM_KERN_SUCCESS; VM_KERN_INVALID_ARGUMENT for a wrapping
 *		range; VM_KERN_RESOURCE_SHORTAGE if an entry had to be split
 *		and no memory was left (nothing is changed then).
 */
int
vm_map_remove(struct vm_map *map, uint64_t addr, uint64_t size)
{
	uint64_t start = trunc_page(addr), end = round_page(addr + size);
	struct vm_map_entry **pp, *e, *spare;

	if (addr + size < addr || end < start)
		return VM_KERN_INVALID_ARGUMENT;
	if (size == 0)
		return VM_KERN_SUCCESS;
	spare = md_kmem_alloc(sizeof(*spare));
	if (spare == NULL)
		return VM_KERN_RESOURCE_SHORTAGE;
	md_lock_lock(&map->vm_lock);
	for (pp = &map->vm_entries; (e = *pp) != NULL;) {
		if (e->vme_start < end && start < e->vme_end)
			map_clip_locked(map, e, start, end, &spare);
		if (e->vme_start >= e->vme_end) {
			*pp = e->vme_next;
			md_kmem_free(e, sizeof(*e));
			continue;
		}
		pp = &e->vme_next;
	}
	md_lock_unlock(&map->vm_lock);
	if (spare != NULL)
		md_kmem_free(spare, sizeof(*spare));
	return VM_KERN_SUCCESS;
}

/* Copy between the kernel and a (possibly inactive) map. */
static int
map_copy(struct vm_map *map, uint64_t uaddr, char *kbuf, size_t len, bool out)
{
	uint64_t pa;
	size_t n;

	md_lock_lock(&map->vm_lock);
	while (len > 0) {
		pa = pmap_extract(map->vm_pmap, uaddr, NULL);
		if (pa == 0) {
			md_lock_unlock(&map->vm_lock);
			return VM_KERN_INVALID_ADDRESS;
		}
		n = VM_PAGE - (uaddr & VM_PAGE_MASK);
		if (n > len)
			n = len;
		if (out)
			__builtin_memcpy(pmap_phys_to_virt(pa), kbuf, n);
		else
			__builtin_memcpy(kbuf, pmap_phys_to_virt(pa), n);
		uaddr += n;
		kbuf += n;
		len -= n;
	}
	md_lock_unlock(&map->vm_lock);
	return VM_KERN_SUCCESS;
}

/*
 * Routine:	vm_map_write
 * Purpose:	Store kernel data into a map, which need not be the current
 *		one (program loading, stacks of new tasks).  Protection is
 *		not checked: the kernel may write text pages.
 * Conditions:	Nothing held.
 * Returns:	VM_KERN_SUCCESS, or VM_KERN_INVALID_ADDRESS if a page of the
 *		range is unmapped (bytes before it were written).
 */
int
vm_map_write(struct vm_map *map, uint64_t uaddr, const void *kbuf, size_t len)
{
	return map_copy(map, uaddr, (char *)(uintptr_t)kbuf, len, true);
}

/*
 * Routine:	vm_map_read
 * Purpose:	Fetch data from a map, which need not be the current one.
 * Conditions:	Nothing held.
 * Returns:	VM_KERN_SUCCESS, or VM_KERN_INVALID_ADDRESS.
 */
int
vm_map_read(struct vm_map *map, uint64_t uaddr, void *kbuf, size_t len)
{
	return map_copy(map, uaddr, kbuf, len, false);
}

/*
 * Routine:	vm_map_size
 * Purpose:	Bytes mapped in a map.
 * Conditions:	Any.
 * Returns:	The size.
 */
uint64_t
vm_map_size(struct vm_map *map)
{
	return map->vm_size;
}

/*
 * Routine:	vm_map_pmap
 * Purpose:	The physical map under a map.
 * Conditions:	Any.
 * Returns:	The pmap.
 */
pmap_t
vm_map_pmap(struct vm_map *map)
{
	return map->vm_pmap;
}

/*
 * Routine:	vm_page_free_count
 * Purpose:	Free physical pages, for leak checks in tests.
 * Conditions:	Any.
 * Returns:	The count.
 */
uint64_t
vm_page_free_count(void)
{
	return pmap_free_pages();
}
