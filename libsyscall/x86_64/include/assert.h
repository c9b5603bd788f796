/*
 * assert.h - the guest libc's assert.
 */
#ifndef _ASSERT_H_
#define _ASSERT_H_

void harbor_assert_fail(const char *expr, const char *file, int line);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : harbor_assert_fail(#e, __FILE__, __LINE__))
#endif

#endif /* _ASSERT_H_ */
