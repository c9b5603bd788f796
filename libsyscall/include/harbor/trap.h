/*
 * harbor/trap.h - the raw trap entry libsyscall's stubs use.  On x86_64
 * it is the `syscall` instruction (libsyscall/x86_64/syscall.S); on the
 * hosted machine a direct call into the kernel's dispatcher.
 */
#ifndef _HARBOR_TRAP_H_
#define _HARBOR_TRAP_H_

#include <stdint.h>

#define HARBOR_TRAP_MACH(n) ((1ull << 24) | (uint64_t)(n))
#define HARBOR_TRAP_UNIX(n) ((2ull << 24) | (uint64_t)(n))

uint64_t
harbor_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8);
int64_t harbor_unix_trap(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2,
    uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
    uint64_t a8);

#define HTRAP(n, ...) harbor_trap_n(HARBOR_TRAP_MACH(n), __VA_ARGS__)

#endif /* _HARBOR_TRAP_H_ */
