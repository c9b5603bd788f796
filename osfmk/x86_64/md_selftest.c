/*
 * x86_64/md_selftest.c - KTAP checks of the machine seam (kern/md.h) from
 * inside the kernel: memory, locks, sleep with deadlines, wake-up, kernel
 * threads and timer preemption, copyin without a user map.  Run by the
 * stand-in bootstrap with the boot argument -mdtest.
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <x86_64/standalone.h>
#include <vm/vm_map.h>

#define MS 1000000UL

static int st_num;
static volatile int st_flag, st_seen;
static struct thread st_peer, st_peer2;

static void
st_check(bool ok, const char *name)
{
	x86_printf("%sok %d md: %s\n", ok ? "" : "not ", ++st_num, name);
}

static bool
st_kmem_one(size_t size)
{
	uint8_t *p = md_kmem_alloc(size);
	size_t i;
	bool ok = p != NULL && ((uint64_t)p & 15) == 0;

	for (i = 0; ok && i < size; i++)
		ok = p[i] == 0;
	if (p != NULL) {
		for (i = 0; i < size; i++)
			p[i] = 0xa5;
		md_kmem_free(p, size);
	}
	return ok;
}

static void
st_kmem(void)
{
	static const size_t sizes[] = {1, 15, 16, 17, 100, 2048, 2049, 10000};
	uint64_t before = x86_kmem_in_use();
	bool ok = md_kmem_alloc(0) == NULL;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ok &= st_kmem_one(sizes[i]) && st_kmem_one(sizes[i]);
	st_check(ok, "kmem is zero-filled and 16-byte aligned, any size");
	st_check(x86_kmem_in_use() == before, "kmem frees everything");
}

static void
st_locks(void)
{
	md_lock_t l;
	md_rwlock_t rw;
	bool ok;

	md_lock_init(&l);
	md_lock_lock(&l);
	ok = !md_lock_try(&l);
	md_lock_unlock(&l);
	ok &= md_lock_try(&l);
	md_lock_unlock(&l);
	md_rwlock_init(&rw);
	md_rwlock_read(&rw);
	md_rwlock_read(&rw);
	md_rwlock_unlock(&rw);
	md_rwlock_unlock(&rw);
	md_rwlock_write(&rw);
	md_rwlock_unlock(&rw);
	ok &= (read_rflags() & RFLAGS_IF) != 0;
	st_check(ok, "locks nest, try fails when held, interrupts return");
}

/* x86_64/spl.h's rule: interrupts are on exactly at depth 0. */
static bool
st_spl_rule(int depth)
{
	return x86_intr_depth == depth &&
	    ((read_rflags() & RFLAGS_IF) != 0) == (depth == 0);
}

/*
 * Each lock counts once, the last release enables interrupts, and a
 * thread that sleeps comes back with its own depth, whatever ran
 * meanwhile (it sleeps at depth 2, which no other thread has).
 */
static void
st_spl(struct thread *self)
{
	md_lock_t l;
	bool ok = st_spl_rule(0);

	md_lock_init(&l);
	md_lock_lock(&l);
	ok &= st_spl_rule(1);
	md_sched_lock();
	ok &= st_spl_rule(2);
	md_sched_unlock();
	md_lock_unlock(&l);
	ok &= st_spl_rule(0);
	x86_splhigh();
	md_sched_lock();
	md_thread_sleep(self, md_absolute_time() + MS);
	ok &= st_spl_rule(2);
	md_sched_unlock();
	x86_splx();
	ok &= st_spl_rule(0);
	st_check(ok, "interrupts are on exactly at depth 0, across a switch");
}

static void
st_deadline(struct thread *self)
{
	uint64_t t0 = md_absolute_time(), deadline = t0 + 3 * MS, t1;

	md_sched_lock();
	while (md_absolute_time() < deadline)
		md_thread_sleep(self, deadline);
	md_sched_unlock();
	t1 = md_absolute_time();
	st_check(t1 >= deadline && t1 - t0 < 50 * MS,
	    "sleep with a deadline wakes at the deadline");
}

static void
st_peer_main(void *arg)
{
	md_sched_lock();
	st_flag = 1;
	while (st_flag == 1)
		md_thread_sleep(&st_peer, 0);
	st_flag = 3;
	md_sched_unlock();
}

static bool
st_wait_flag(struct thread *self, int value, uint64_t limit)
{
	uint64_t end = md_absolute_time() + limit;

	md_sched_lock();
	while (st_flag != value && md_absolute_time() < end)
		md_thread_sleep(self, md_absolute_time() + MS);
	md_sched_unlock();
	return st_flag == value;
}

static void
st_threads(struct thread *self)
{
	bool ok;

	st_flag = 0;
	ok = md_thread_start(&st_peer, st_peer_main, NULL) == 0;
	ok &= st_wait_flag(self, 1, 100 * MS);
	st_check(ok, "md_thread_start runs the continuation");
	md_sched_lock();
	st_flag = 2;
	md_thread_wake(&st_peer);
	md_sched_unlock();
	st_check(st_wait_flag(self, 3, 100 * MS),
	    "md_thread_wake wakes a sleeper without a deadline");
}

static void
st_handoff_sleeper(void *arg)
{
	md_sched_lock();
	st_flag = 1;
	while (st_flag == 1)
		md_thread_sleep(&st_peer, 0);
	st_seen = st_flag;
	md_sched_unlock();
}

static void
st_handoff_queued(void *arg)
{
	st_flag = st_flag * 10 + 5;
}

/*
 * md_thread_handoff gives the CPU to the sleeper it is handed, ahead of
 * a thread of the same priority that was already runnable.
 */
static void
st_handoff(struct thread *self)
{
	bool ok;

	st_flag = 0;
	st_seen = 0;
	ok = md_thread_start(&st_peer, st_handoff_sleeper, NULL) == 0 &&
	    st_wait_flag(self, 1, 100 * MS) &&
	    md_thread_start(&st_peer2, st_handoff_queued, NULL) == 0;
	md_sched_lock();
	if (ok) {
		st_flag = 2;
		md_thread_handoff(self, &st_peer, md_absolute_time() + MS);
	}
	md_sched_unlock();
	ok = ok && st_wait_flag(self, 25, 100 * MS) && st_seen == 2;
	st_check(ok, "md_thread_handoff runs the sleeper before the run queue");
}

static void
st_spin_peer(void *arg)
{
	st_flag = 5;
}

static void
st_preempt(void)
{
	uint64_t end = md_absolute_time() + 200 * MS;

	st_flag = 4;
	if (md_thread_start(&st_peer, st_spin_peer, NULL) != 0) {
		st_check(false, "the timer preempts a spinning kernel thread");
		return;
	}
	while (st_flag != 5 && md_absolute_time() < end)
		continue; /* spin, never yield */
	st_check(st_flag == 5, "the timer preempts a spinning kernel thread");
}

static void
st_copy(void)
{
	uint64_t v = 0;

	st_check(
	    md_copyin(0x400000, &v, 8) != 0 && md_copyout(&v, 0x400000, 8) != 0,
	    "copyin/copyout without a user map give EFAULT");
	st_check(md_current_thread() != NULL, "current thread is bound");
}

static bool
st_vm_layout(struct vm_map *map)
{
	uint64_t a = 0, b = 0x10000000, c = 0x10002000, v = 0x1234, r = 0;
	bool ok;

	ok = vm_map_allocate(map, &a, 3 * 4096, true, PMAP_PROT_READ) ==
		VM_KERN_SUCCESS &&
	    a >= VM_MAP_ANYWHERE_BASE;
	ok &= vm_map_allocate(map, &b, 4 * 4096, false,
		  PMAP_PROT_READ | PMAP_PROT_WRITE) == VM_KERN_SUCCESS &&
	    b == 0x10000000;
	ok &= vm_map_allocate(map, &c, 4096, false, PMAP_PROT_READ) ==
	    VM_KERN_NO_SPACE;
	ok &= vm_map_size(map) == 7 * 4096;
	ok &= vm_map_write(map, b + 4096 + 8, &v, 8) == VM_KERN_SUCCESS &&
	    vm_map_read(map, b + 4096 + 8, &r, 8) == VM_KERN_SUCCESS && r == v;
	ok &= vm_map_remove(map, b + 4096, 2 * 4096) == VM_KERN_SUCCESS &&
	    vm_map_size(map) == 5 * 4096;
	ok &= vm_map_read(map, b + 4096 + 8, &r, 8) == VM_KERN_INVALID_ADDRESS;
	ok &= vm_map_read(map, b + 3 * 4096, &r, 8) == VM_KERN_SUCCESS;
	c = b + 4096;
	ok &= vm_map_allocate(map, &c, 2 * 4096, false, PMAP_PROT_READ) ==
	    VM_KERN_SUCCESS;
	ok &= vm_map_allocate(map, &c, 0, true, PMAP_PROT_READ) ==
	    VM_KERN_INVALID_ARGUMENT;
	return ok;
}

static void
st_vm(void)
{
	uint64_t pages = vm_page_free_count(), kmem = x86_kmem_in_use();
	uint64_t slab = x86_kmem_slab_pages();
	struct vm_map *map = vm_map_create();
	bool ok = map != NULL;

	if (ok)
		ok = st_vm_layout(map);
	st_check(ok,
	    "vm_map allocate (fixed, anywhere), remove splits, "
	    "read/write");
	vm_map_release(map);
	slab = x86_kmem_slab_pages() - slab;
	st_check(
	    vm_page_free_count() + slab == pages && x86_kmem_in_use() == kmem,
	    "vm_map_release frees every page and page table");
}

/*
 * Routine:	x86_md_selftest
 * Purpose:	Run the machine seam checks, printing one KTAP document.
 * Conditions:	Thread context, self bound to the running machine thread,
 *		nothing held, interrupts on.
 * Returns:	Nothing.
 */
void
x86_md_selftest(struct thread *self)
{
	x86_printf("KTAP version 1\n1..13\n");
	st_kmem();
	st_locks();
	st_spl(self);
	st_deadline(self);
	st_threads(self);
	st_handoff(self);
	st_preempt();
	st_copy();
	st_vm();
}

/* --- the machine's share of a round trip: wake + sleep + switch ------ */

#define BENCH_ROUNDS 20000

static struct thread bench_peer;
static volatile uint64_t bench_turn; /* odd: peer's turn */

static void
bench_peer_main(void *arg)
{
	struct thread *boot = arg;

	md_sched_lock();
	for (;;) {
		while ((bench_turn & 1) == 0)
			md_thread_sleep(&bench_peer, 0);
		if (bench_turn >= 2 * BENCH_ROUNDS + 1)
			break;
		bench_turn++;
		md_thread_wake(boot);
	}
	md_sched_unlock();
}

/*
 * Routine:	x86_md_bench
 * Purpose:	Print the cost of a kernel-thread round trip through
 *		md_thread_wake / md_thread_sleep (two wake-ups, two sleeps,
 *		two context switches), in md_absolute_time units: guest
 *		instructions under -icount shift=0.
 * Conditions:	Thread context, self bound, nothing held.
 * Returns:	Nothing.
 */
void
x86_md_bench(struct thread *self)
{
	uint64_t t0, total, until;
	int i;

	bench_turn = 0;
	if (md_thread_start(&bench_peer, bench_peer_main, self) != 0)
		return;
	md_sched_lock();
	t0 = md_absolute_time();
	for (i = 0; i < BENCH_ROUNDS; i++) {
		bench_turn++;
		md_thread_wake(&bench_peer);
		while ((bench_turn & 1) != 0)
			md_thread_sleep(self, 0);
	}
	total = md_absolute_time() - t0;
	bench_turn = 2 * BENCH_ROUNDS + 1;
	md_thread_wake(&bench_peer);
	until = md_absolute_time() + 2 * MS; /* the peer ends and is freed */
	while (md_absolute_time() < until)
		md_thread_sleep(self, until);
	md_sched_unlock();
	x86_printf("harbor md_wake_sleep_switch_ns_per_rt=%lu.%02lu n=%d "
		   "total_ns=%lu\n",
	    total / BENCH_ROUNDS, total % BENCH_ROUNDS * 100 / BENCH_ROUNDS,
	    BENCH_ROUNDS, total);
}
