/*
 * kern/startup.h - bringing the machine-independent kernel up.
 */
#ifndef _KERN_STARTUP_H_
#define _KERN_STARTUP_H_

void kernel_bootstrap(void);

#endif /* _KERN_STARTUP_H_ */
