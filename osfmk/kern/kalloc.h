/*
 * kern/kalloc.h - variable-sized kernel memory, counted in the "kalloc"
 * accounting zone.
 */
#ifndef _KERN_KALLOC_H_
#define _KERN_KALLOC_H_

#include <stddef.h>

void kalloc_init(void);
void *kalloc(size_t size);
void kfree(void *addr, size_t size);

#endif /* _KERN_KALLOC_H_ */
