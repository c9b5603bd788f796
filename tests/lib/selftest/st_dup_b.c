/*
 * st_dup_b.c - the second declaration of `same_name` (see st_dup_a.c).
 */
#include <darwintest.h>

T_DECL(same_name, "declared in st_dup_b.c")
{
	T_PASS("b");
}
