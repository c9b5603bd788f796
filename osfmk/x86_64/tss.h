/*
 * x86_64/tss.h - the one task-state segment: the kernel stack for entries
 * from user mode (rsp0) and a separate stack for double faults (IST1).
 */
#ifndef _X86_64_TSS_H_
#define _X86_64_TSS_H_

#include <stdint.h>

struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp0;
	uint64_t rsp1;
	uint64_t rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct x86_tss) == 104, "TSS layout");

extern struct x86_tss x86_tss;

#endif /* _X86_64_TSS_H_ */
