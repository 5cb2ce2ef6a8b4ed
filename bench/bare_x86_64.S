/* bare_x86_64.S: the bare baseline's context switch (System V x86-64).
 *
 * bare_switch(void **from, void *to): push the six callee-saved registers,
 * store rsp in *from, load rsp from to, pop the six registers, pop the saved
 * resume address and jmp to it. No floating-point control state is saved
 * (the ABI lets a switch leave mxcsr and the x87 control word alone). */
	.text
	.globl	bare_switch
	.type	bare_switch, @function
	.p2align 4
bare_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popq	%rax
	jmp	*%rax
	.size	bare_switch, .-bare_switch

/* A new coroutine's first resume lands here with rbx = its bare_coro and rsp
 * 16-byte aligned (bare_new lays the stack out that way). */
	.globl	bare_boot
	.type	bare_boot, @function
	.p2align 4
bare_boot:
	movq	%rbx, %rdi
	call	bare__entry
	ud2
	.size	bare_boot, .-bare_boot

	.section .note.GNU-stack,"",@progbits
