/*
 * x86_64/kmem.c - md_kmem_alloc / md_kmem_free.
 *
 * Requests up to 2 KiB come from power-of-two size classes (16 .. 2048
 * bytes) carved out of whole pages and kept on per-class free lists;
 * larger ones take contiguous physical pages.  Everything is addressed
 * through the physmap.  Memory is zero-filled when handed out.  Pages of
 * the small classes are never returned to the page allocator: zalloc and
 * kalloc above keep their own caches, so the classes stay small.
 */
#include <x86_64/machine.h>

#define KMEM_MIN_SHIFT 4  /* 16 bytes */
#define KMEM_MAX_SHIFT 11 /* 2048 bytes */
#define KMEM_CLASSES (KMEM_MAX_SHIFT - KMEM_MIN_SHIFT + 1)

struct kmem_free {
	struct kmem_free *next;
};

/*
 * A large block starts with this header, so that a free with another
 * size than the allocation's, or a second free, is caught at once (a
 * wrong page count would hand the same pages out twice).
 */
#define KMEM_BIG_MAGIC 0x4b4d454d42494721UL
struct kmem_big {
	uint64_t kb_magic;
	uint64_t kb_pages;
};

static size_t
kmem_big_pages(size_t size)
{
	return (size + sizeof(struct kmem_big) + PAGE_MASK_X86) / PAGE_SIZE_X86;
}

static struct kmem_free *kmem_freelist[KMEM_CLASSES];
static uint64_t kmem_bytes;      /* bytes handed out and not freed */
static uint64_t kmem_slab_pages; /* pages kept by the size classes */

static int
kmem_class(size_t size)
{
	if (size <= (1UL << KMEM_MIN_SHIFT))
		return 0;
	/* ceil(log2(size)) - KMEM_MIN_SHIFT */
	return 64 - __builtin_clzl(size - 1) - KMEM_MIN_SHIFT;
}

static bool
kmem_refill(int c)
{
	size_t sz = 1UL << (c + KMEM_MIN_SHIFT);
	uint64_t pa = x86_page_alloc();
	char *p;
	size_t off;

	if (pa == 0)
		return false;
	kmem_slab_pages++;
	p = PHYS_TO_VIRT(pa);
	for (off = 0; off + sz <= PAGE_SIZE_X86; off += sz) {
		struct kmem_free *f = (struct kmem_free *)(p + off);

		f->next = kmem_freelist[c];
		kmem_freelist[c] = f;
	}
	return true;
}

static void *
kmem_small_alloc(size_t size)
{
	int c = kmem_class(size);
	struct kmem_free *f;

	x86_splhigh();
	if (kmem_freelist[c] == NULL && !kmem_refill(c)) {
		x86_splx();
		return NULL;
	}
	f = kmem_freelist[c];
	kmem_freelist[c] = f->next;
	kmem_bytes += 1UL << (c + KMEM_MIN_SHIFT);
	x86_splx();
	x86_zero8(f, (size + 7) & ~7UL); /* the rest is never handed out */
	return f;
}

/*
 * Routine:	md_kmem_alloc
 * Purpose:	Kernel memory: zero-filled, 16-byte aligned.
 * Conditions:	Any thread context; never blocks.
 * Returns:	The memory, or NULL (also for size 0).
 */
void *
md_kmem_alloc(size_t size)
{
	struct kmem_big *big;
	size_t pages;
	uint64_t pa;

	if (size == 0)
		return NULL;
	if (size <= (1UL << KMEM_MAX_SHIFT))
		return kmem_small_alloc(size);
	pages = kmem_big_pages(size);
	pa = x86_page_alloc_contig(pages);
	if (pa == 0)
		return NULL;
	big = PHYS_TO_VIRT(pa);
	big->kb_magic = KMEM_BIG_MAGIC;
	big->kb_pages = pages;
	x86_splhigh();
	kmem_bytes += pages * PAGE_SIZE_X86;
	x86_splx();
	return big + 1;
}

/*
 * Routine:	md_kmem_free
 * Purpose:	Give back memory from md_kmem_alloc.
 * Conditions:	size is the size that was asked for.
 * Returns:	Nothing.
 */
void
md_kmem_free(void *addr, size_t size)
{
	size_t pages;
	int c;

	if (addr == NULL || size == 0)
		return;
	if (size > (1UL << KMEM_MAX_SHIFT)) {
		struct kmem_big *big = (struct kmem_big *)addr - 1;

		pages = kmem_big_pages(size);
		if (big->kb_magic != KMEM_BIG_MAGIC)
			x86_panic("md_kmem_free: %p (%lu bytes) is not a live "
				  "block: freed twice?",
			    addr, size);
		if (big->kb_pages != pages)
			x86_panic("md_kmem_free: %p freed with %lu bytes, "
				  "allocated %lu pages",
			    addr, size, big->kb_pages);
		big->kb_magic = 0;
		x86_page_free_contig(VIRT_TO_PHYS(big), pages);
		x86_splhigh();
		kmem_bytes -= pages * PAGE_SIZE_X86;
		x86_splx();
		return;
	}
	c = kmem_class(size);
	x86_splhigh();
	((struct kmem_free *)addr)->next = kmem_freelist[c];
	kmem_freelist[c] = addr;
	kmem_bytes -= 1UL << (c + KMEM_MIN_SHIFT);
	x86_splx();
}

/*
 * Routine:	x86_kmem_in_use
 * Purpose:	Bytes of kernel memory currently allocated.
 * Conditions:	Any.
 * Returns:	The count.
 */
uint64_t
x86_kmem_in_use(void)
{
	return kmem_bytes;
}

/*
 * Routine:	x86_kmem_slab_pages
 * Purpose:	Pages held by the small size classes (never given back), so
 *		that leak checks can discount them.
 * Conditions:	Any.
 * Returns:	The count.
 */
uint64_t
x86_kmem_slab_pages(void)
{
	return kmem_slab_pages;
}
