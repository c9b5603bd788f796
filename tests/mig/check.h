/*
 * check.h - the counters and CHECK macro of the MIG test programs.
 * CHECK(cond, what) counts a pass, or counts a failure and prints
 * "not ok - what (file:line)"; each program prints its totals at the end.
 */
#ifndef _TESTS_MIG_CHECK_H_
#define _TESTS_MIG_CHECK_H_

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, what)                                                 \
	do {                                                              \
		if (cond) {                                               \
			passed++;                                         \
		} else {                                                  \
			failed++;                                         \
			printf("not ok - %s (%s:%d)\n", (what), __FILE__, \
			    __LINE__);                                    \
		}                                                         \
	} while (0)

#endif /* _TESTS_MIG_CHECK_H_ */
