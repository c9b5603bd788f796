/*
 * guest_pthread.c - the guest libc's threads: pthread_create/join on
 * bsdthread_create/terminate, a thread-local variable per thread, a
 * mutex-protected counter.  Needs the kernel's BSD calls 360 and 361
 * (the machine-only image provides them).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define ROUNDS 2000

static __thread long tls_value = 7;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

int main(int argc, char **argv);

static void *
worker(void *arg)
{
	long id = (long)arg, i;

	tls_value = id * 100;
	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return (void *)(tls_value + 1);
}

int
main(int argc, char **argv)
{
	pthread_t t[NTHREADS];
	int i, created = 0, ok = 1;
	void *ret;

	printf("KTAP version 1\n1..3\n");
	for (i = 0; i < NTHREADS; i++)
		created += pthread_create(
			       &t[i], NULL, worker, (void *)(long)(i + 1)) == 0;
	printf("%sok 1 %d threads created\n", created == NTHREADS ? "" : "not ",
	    created);
	for (i = 0; i < created; i++) {
		pthread_join(t[i], &ret);
		ok &= (long)ret == (i + 1) * 100 + 1;
	}
	printf("%sok 2 each thread has its own TLS and result\n",
	    ok && tls_value == 7 ? "" : "not ");
	printf("%sok 3 the mutex kept the counter exact (%ld)\n",
	    counter == (long)created * ROUNDS && created > 0 ? "" : "not ",
	    counter);
	return 0;
}
