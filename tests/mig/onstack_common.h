/*
 * tests/mig/onstack_common.h - what the two -maxonstack tests share
 * (onstack_test.c, plain user stubs; onstack_ku_test.c, KernelUser
 * stubs): the buffer a stub needs for a routine, the size classes of
 * fixtures/onstack.defs, and a counting allocator that stands in for the
 * stubs' one.  Include after os.h.
 */
#ifndef _TESTS_MIG_ONSTACK_COMMON_H_
#define _TESTS_MIG_ONSTACK_COMMON_H_

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifndef OS_MAXONSTACK
#error "build with -DOS_MAXONSTACK=<the -maxonstack of the stubs>"
#endif

/* What a stub's buffer holds: the request, or the reply and a trailer. */
#define BUFFER_SIZE(r)                                                        \
	(sizeof(__Request__##r##_t) >                                         \
		    sizeof(__Reply__##r##_t) + sizeof(mach_msg_max_trailer_t) \
		? sizeof(__Request__##r##_t)                                  \
		: sizeof(__Reply__##r##_t) + sizeof(mach_msg_max_trailer_t))

_Static_assert(BUFFER_SIZE(os_big) > OS_MAXONSTACK, "os_big is big");
_Static_assert(BUFFER_SIZE(os_small) <= OS_MAXONSTACK, "os_small is small");
_Static_assert(
    sizeof(__Request__os_big_oneway_t) > OS_MAXONSTACK, "os_big_oneway is big");
_Static_assert(sizeof(__Request__os_small_oneway_t) <= OS_MAXONSTACK,
    "os_small_oneway is small");

static int allocs, frees, bad_frees;
static bool fail_alloc;
static void *last_block;
static size_t last_size;

/* Count, remember the block, or fail when the test asks. */
static void *
counting_alloc(size_t size)
{
	if (fail_alloc)
		return NULL;
	allocs++;
	last_size = size;
	last_block = malloc(size);
	/* Stale contents must not matter. */
	memset(last_block, 0xa5, size);
	return last_block;
}

/* The block and size must be what counting_alloc handed out. */
static void
counting_free(void *ptr, size_t size)
{
	frees++;
	if (ptr != last_block || size != last_size)
		bad_frees++;
	free(ptr);
}

/* Exactly one block of the given size was allocated and given back. */
static bool
one_block_returned(size_t size)
{
	return allocs == 1 && frees == 1 && bad_frees == 0 && last_size == size;
}

#endif /* _TESTS_MIG_ONSTACK_COMMON_H_ */
