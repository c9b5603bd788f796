/*
 * st_dup_a.c / st_dup_b.c - harness self-test: two files of one program
 * declare the same test name; the meta-check must refuse it.
 */
#include <darwintest.h>

T_DECL(same_name, "declared in st_dup_a.c")
{
	T_PASS("a");
}
