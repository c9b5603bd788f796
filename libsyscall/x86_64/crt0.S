/*
 * libsyscall/x86_64/crt0.S - where every user program starts.
 *
 * The kernel (md_exec_load) enters at _start with the System V stack:
 * %rsp -> argc, argv[0..argc-1], NULL, envp[..], NULL, auxv.  No register
 * carries anything.  _start sets up thread-local storage (tls.c), then
 * calls main(argc, argv, envp) with an aligned
 * stack and passes its result to exit(), which libc (or the program)
 * provides.  environ is defined weak here so that libc may own it.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %rdi			/* argc */
	leaq	8(%rsp), %rsi			/* argv */
	leaq	16(%rsp,%rdi,8), %rdx		/* envp */
	movq	%rdx, environ(%rip)
	andq	$-16, %rsp
	pushq	%rdi			/* keep argc, argv, envp */
	pushq	%rsi
	pushq	%rdx
	subq	$8, %rsp
	call	_harbor_tls_init	/* thread-local storage (tls.c) */
	addq	$8, %rsp
	popq	%rdx
	popq	%rsi
	popq	%rdi
	call	main
	movl	%eax, %edi
	call	exit
1:	hlt					/* faults: exit returned */
	jmp	1b
	.size	_start, . - _start

	.bss
	.balign	8
	.weak	environ
	.type	environ, @object
environ:
	.quad	0
	.size	environ, 8

	.section .note.GNU-stack, "", @progbits
