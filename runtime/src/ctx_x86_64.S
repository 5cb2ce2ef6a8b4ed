/* ctx_x86_64.S: the raw context switch for x86-64 (System V ABI).
 *
 * A suspended context is its stack pointer; below it, on its own stack, lie
 * the six callee-saved registers and the address to resume at:
 *
 *     sp -> r15 r14 r13 r12 rbx rbp resume-address
 *
 * Nothing else needs saving: every other integer and vector register is
 * caller-saved, and the ABI lets a call leave mxcsr and the x87 control word
 * alone, so (like the benchmark's bare switch) no floating-point control
 * state is saved per switch. The switch ends with pop+jmp rather than ret:
 * a ret here never matches the return-stack buffer (we return into another
 * stack), so it would mispredict every time; the indirect jump is predicted
 * by the branch target buffer instead. (Not CET shadow-stack compatible; the
 * object carries no SHSTK property, so the kernel never enables it for us.)
 */
	.text

/* int rt__ctx_swap(rt_ctx *from, rt_ctx *to, int val):
 * rdi = from, rsi = to, edx = val. from->sp and to->sp are at offset 0 of
 * rt_ctx. val arrives in rax: the return value of the rt__ctx_swap call
 * that suspended to (a fresh context ignores it). */
	.globl	rt__ctx_swap
	.hidden	rt__ctx_swap
	.type	rt__ctx_swap, @function
	.p2align 4
rt__ctx_swap:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popq	%rcx
	movq	%rdx, %rax
	jmp	*%rcx
	.cfi_endproc
	.size	rt__ctx_swap, .-rt__ctx_swap

/* void rt__ctx_jump(rt_ctx *to): rdi = to. Resume to without saving the
 * running context (it is finished). Ends with ret, not jmp: when the side
 * that leaves has made no call it did not return from since it was
 * resumed, the top of the return-stack buffer is exactly the address the
 * resumer's call pushed, where to resumes, so this ret is predicted and
 * the buffer stays balanced for the resumer's own returns afterwards. The
 * value to's rt__ctx_swap returns is 0. */
	.globl	rt__ctx_jump
	.hidden	rt__ctx_jump
	.type	rt__ctx_jump, @function
	.p2align 4
rt__ctx_jump:
	.cfi_startproc
	movq	(%rdi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	xorl	%eax, %eax
	ret
	.cfi_endproc
	.size	rt__ctx_jump, .-rt__ctx_jump

/* void rt__ctx_prepare(rt_ctx *c, void *lo, size_t size,
 *                      void (*boot)(void *), void *arg)
 * rdi = c, rsi = lo, rdx = size, rcx = boot, r8 = arg.
 *
 * Lays out, from top = (lo + size) & ~15 downwards:
 *   top-8, top-16   zero (a fake return address slot and padding)
 *   top-24          resume address: rt__ctx_boot
 *   top-72..top-32  r15 r14 r13=arg r12=boot rbx=0 rbp=0
 * so the first swap pops the registers and jumps to rt__ctx_boot with
 * rsp = top-16, 16-byte aligned, as a call instruction wants it. */
	.globl	rt__ctx_prepare
	.hidden	rt__ctx_prepare
	.type	rt__ctx_prepare, @function
	.p2align 4
rt__ctx_prepare:
	.cfi_startproc
	leaq	(%rsi,%rdx), %rax
	andq	$-16, %rax
	subq	$72, %rax
	xorl	%r9d, %r9d
	movq	%r9, 0(%rax)		/* r15 */
	movq	%r9, 8(%rax)		/* r14 */
	movq	%r8, 16(%rax)		/* r13 = arg */
	movq	%rcx, 24(%rax)		/* r12 = boot */
	movq	%r9, 32(%rax)		/* rbx */
	movq	%r9, 40(%rax)		/* rbp = 0: ends frame-pointer walks */
	leaq	rt__ctx_boot(%rip), %r10
	movq	%r10, 48(%rax)		/* resume address */
	movq	%r9, 56(%rax)
	movq	%r9, 64(%rax)
	movq	%rax, (%rdi)
	ret
	.cfi_endproc
	.size	rt__ctx_prepare, .-rt__ctx_prepare

/* The first resume of a context lands here: enter boot(arg). boot never
 * returns. It is entered by a jump with a return address pushed by hand
 * (the ud2 below, which traps if boot returns), not by a call: a call
 * would push a return-stack-buffer entry that no ret ever pops, and a
 * context that leaves with rt__ctx_jump relies on the buffer being
 * balanced. rip is marked undefined so debuggers and unwinders stop here
 * instead of walking into garbage. */
	.type	rt__ctx_boot, @function
	.p2align 4
rt__ctx_boot:
	.cfi_startproc
	.cfi_undefined rip
	movq	%r13, %rdi
	leaq	1f(%rip), %rax
	pushq	%rax
	jmp	*%r12
1:	ud2
	.cfi_endproc
	.size	rt__ctx_boot, .-rt__ctx_boot

	.section .note.GNU-stack,"",@progbits
