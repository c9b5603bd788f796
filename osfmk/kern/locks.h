/*
 * kern/locks.h - kernel locks, checked by the machine.
 *
 * Two kinds of lock, both on top of the machine's md_lock_t/md_rwlock_t:
 *
 *	lck_mtx_t	mutual exclusion (ports, port sets, tasks)
 *	lck_rw_t	reader/writer (IPC spaces)
 *
 * Every lock has a class, and classes are ordered outer to inner:
 *
 *	TASK  ->  SPACE  ->  PSET  ->  PORT_MULTIPLE  ->  PORT  ->  LEAF
 *
 * A thread may only take a lock whose class is greater than every class it
 * already holds.  The one exception is a second port: two ports may be held
 * together only by a thread that holds ipc_port_multiple_lock.  With
 * MACH_LOCK_CHECK the order and ownership are checked at run time, WITNESS
 * style, on both machines; lck_*_assert() lets routines assert their
 * Conditions line.  Independently, clang's thread-safety analysis checks the
 * acquire/release annotations below at compile time (make
 * check-thread-safety); under gcc the annotations vanish.
 */
#ifndef _KERN_LOCKS_H_
#define _KERN_LOCKS_H_

#include <kern/md.h>
#include <stdbool.h>
#include <stdint.h>

/* --- Clang thread-safety annotations (function level; C has no guarded_by) */
#if defined(__clang__)
#define HB_CAPABILITY(x) __attribute__((capability(x)))
#define HB_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define HB_ACQUIRE_SHARED(...) \
	__attribute__((acquire_shared_capability(__VA_ARGS__)))
#define HB_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define HB_RELEASE_SHARED(...) \
	__attribute__((release_shared_capability(__VA_ARGS__)))
#define HB_RELEASE_GENERIC(...) \
	__attribute__((release_generic_capability(__VA_ARGS__)))
#define HB_TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define HB_TRY_ACQUIRE_SHARED(...) \
	__attribute__((try_acquire_shared_capability(__VA_ARGS__)))
#define HB_REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define HB_REQUIRES_SHARED(...) \
	__attribute__((requires_shared_capability(__VA_ARGS__)))
#define HB_EXCLUDES(...) __attribute__((locks_excluded(__VA_ARGS__)))
#define HB_NO_TSA __attribute__((no_thread_safety_analysis))
#else
#define HB_CAPABILITY(x)
#define HB_ACQUIRE(...)
#define HB_ACQUIRE_SHARED(...)
#define HB_RELEASE(...)
#define HB_RELEASE_SHARED(...)
#define HB_RELEASE_GENERIC(...)
#define HB_TRY_ACQUIRE(...)
#define HB_TRY_ACQUIRE_SHARED(...)
#define HB_REQUIRES(...)
#define HB_REQUIRES_SHARED(...)
#define HB_EXCLUDES(...)
#define HB_NO_TSA
#endif

typedef enum lck_class {
	LCK_CLASS_NONE = 0, /* unordered (boot-time, tests) */
	LCK_CLASS_TASK = 1,
	LCK_CLASS_SPACE = 2,
	LCK_CLASS_PSET = 3,
	LCK_CLASS_PORT_MULTIPLE = 4,
	LCK_CLASS_PORT = 5,
	LCK_CLASS_LEAF = 6, /* timestamp, zones, hash of waits */
} lck_class_t;

typedef struct HB_CAPABILITY("mutex") lck_mtx {
	md_lock_t lm_lock;
	struct thread *lm_owner; /* MACH_LOCK_CHECK only */
	uint8_t lm_class;
} lck_mtx_t;

typedef struct HB_CAPABILITY("rwlock") lck_rw {
	md_rwlock_t lr_lock;
	struct thread *lr_writer; /* MACH_LOCK_CHECK only */
	uint32_t lr_readers;      /* MACH_LOCK_CHECK only */
	uint8_t lr_class;
} lck_rw_t;

/* Per-thread record of held locks (lives in struct thread). */
#define LCK_HELD_MAX 8
struct lck_held {
	const void *lh_lock;
	uint8_t lh_class;
	uint8_t lh_shared;
};
struct lck_thread_state {
	struct lck_held lt_held[LCK_HELD_MAX];
	uint32_t lt_count;
};

void lck_mtx_init(lck_mtx_t *lck, lck_class_t cls);
void lck_mtx_destroy(lck_mtx_t *lck);
bool lck_mtx_try_lock(lck_mtx_t *lck) HB_TRY_ACQUIRE(true, *lck);
bool lck_mtx_held(const lck_mtx_t *lck);
bool lck_rw_try_lock_exclusive(lck_rw_t *lck) HB_TRY_ACQUIRE(true, *lck);
void lck_rw_init(lck_rw_t *lck, lck_class_t cls);
void lck_rw_destroy(lck_rw_t *lck);

#if MACH_LOCK_CHECK
void lck_mtx_lock(lck_mtx_t *lck) HB_ACQUIRE(*lck);
void lck_mtx_unlock(lck_mtx_t *lck) HB_RELEASE(*lck);
void lck_rw_lock_shared(lck_rw_t *lck) HB_ACQUIRE_SHARED(*lck);
void lck_rw_lock_exclusive(lck_rw_t *lck) HB_ACQUIRE(*lck);
void lck_rw_unlock_shared(lck_rw_t *lck) HB_RELEASE_SHARED(*lck);
void lck_rw_unlock_exclusive(lck_rw_t *lck) HB_RELEASE(*lck);
#else
/*
 * Without the checks a lock is the machine's lock, inline (on x86_64 the
 * machine's are inline too: three instructions in RELEASE).
 */
static inline __attribute__((always_inline)) void
lck_mtx_lock(lck_mtx_t *lck) HB_ACQUIRE(*lck) HB_NO_TSA
{
	md_lock_lock(&lck->lm_lock);
}

static inline __attribute__((always_inline)) void
lck_mtx_unlock(lck_mtx_t *lck) HB_RELEASE(*lck) HB_NO_TSA
{
	md_lock_unlock(&lck->lm_lock);
}

static inline __attribute__((always_inline)) void
lck_rw_lock_shared(lck_rw_t *lck) HB_ACQUIRE_SHARED(*lck) HB_NO_TSA
{
	md_rwlock_read(&lck->lr_lock);
}

static inline __attribute__((always_inline)) void
lck_rw_lock_exclusive(lck_rw_t *lck) HB_ACQUIRE(*lck) HB_NO_TSA
{
	md_rwlock_write(&lck->lr_lock);
}

static inline __attribute__((always_inline)) void
lck_rw_unlock_shared(lck_rw_t *lck) HB_RELEASE_SHARED(*lck) HB_NO_TSA
{
	md_rwlock_unlock(&lck->lr_lock);
}

static inline __attribute__((always_inline)) void
lck_rw_unlock_exclusive(lck_rw_t *lck) HB_RELEASE(*lck) HB_NO_TSA
{
	md_rwlock_unlock(&lck->lr_lock);
}
#endif
bool lck_rw_held_exclusive(const lck_rw_t *lck);
bool lck_rw_held(const lck_rw_t *lck);

/* How many checked locks the current thread holds (0 when unchecked). */
uint32_t lck_held_count(void);

#if MACH_LOCK_CHECK
#define lck_mtx_assert_owned(l)                                               \
	((void)(lck_mtx_held(l) ? 0                                           \
				: (panic("%s:%d: lock %p not held", __FILE__, \
				       __LINE__, (const void *)(l)),          \
				      0)))
#define lck_mtx_assert_notowned(l)                                         \
	((void)(!lck_mtx_held(l) ? 0                                       \
				 : (panic("%s:%d: lock %p held", __FILE__, \
					__LINE__, (const void *)(l)),      \
				       0)))
#define lck_rw_assert_exclusive(l)                                    \
	((void)(lck_rw_held_exclusive(l)                              \
		? 0                                                   \
		: (panic("%s:%d: rwlock %p not write-held", __FILE__, \
		       __LINE__, (const void *)(l)),                  \
		      0)))
#define lck_rw_assert_held(l)                                                  \
	((void)(lck_rw_held(l) ? 0                                             \
			       : (panic("%s:%d: rwlock %p not held", __FILE__, \
				      __LINE__, (const void *)(l)),            \
				     0)))
#define lck_assert_none_held()                                       \
	((void)(lck_held_count() == 0                                \
		? 0                                                  \
		: (panic("%s:%d: %u locks held", __FILE__, __LINE__, \
		       lck_held_count()),                            \
		      0)))
#else
#define lck_mtx_assert_owned(l) ((void)0)
#define lck_mtx_assert_notowned(l) ((void)0)
#define lck_rw_assert_exclusive(l) ((void)0)
#define lck_rw_assert_held(l) ((void)0)
#define lck_assert_none_held() ((void)0)
#endif

#include <kern/debug.h>

#endif /* _KERN_LOCKS_H_ */
