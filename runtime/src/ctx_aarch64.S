/* ctx_aarch64.S: the raw context switch for aarch64 (AAPCS64).
 *
 * A suspended context is its stack pointer; at it, on its own stack, lie
 * the callee-saved registers (160 bytes, a multiple of 16 as sp must be):
 *
 *     sp+0   x19 x20      sp+48  x25 x26      sp+96  d8  d9     sp+144 d14 d15
 *     sp+16  x21 x22      sp+64  x27 x28      sp+112 d10 d11
 *     sp+32  x23 x24      sp+80  x29 x30      sp+128 d12 d13
 *
 * AAPCS64 makes x19-x28, x29 (fp), sp and the low 64 bits of v8-v15 callee-
 * saved; x30 (lr) holds the address to resume at. No floating-point control
 * state (fpcr) is saved per switch: the ABI lets a call leave it alone.
 * With pointer authentication, callers sign their own return addresses in
 * their own frames; this leaf function only moves lr, so it needs no PAC.
 */
	.text

/* int rt__ctx_swap(rt_ctx *from, rt_ctx *to, int val):
 * x0 = from, x1 = to, w2 = val. from->sp and to->sp are at offset 0 of
 * rt_ctx. val arrives in x0: the return value of the rt__ctx_swap call
 * that suspended to (a fresh context ignores it). */
	.globl	rt__ctx_swap
	.hidden	rt__ctx_swap
	.type	rt__ctx_swap, %function
	.p2align 4
rt__ctx_swap:
	.cfi_startproc
	hint	#34			/* bti c (a nop without BTI) */
	sub	sp, sp, #160
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mov	x9, sp
	str	x9, [x0]
	ldr	x9, [x1]
	mov	sp, x9
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	mov	x0, x2
	ret
	.cfi_endproc
	.size	rt__ctx_swap, .-rt__ctx_swap

/* void rt__ctx_jump(rt_ctx *to): x0 = to. Resume to without saving the
 * running context (it is finished); to's rt__ctx_swap returns 0. */
	.globl	rt__ctx_jump
	.hidden	rt__ctx_jump
	.type	rt__ctx_jump, %function
	.p2align 4
rt__ctx_jump:
	.cfi_startproc
	hint	#34			/* bti c */
	ldr	x9, [x0]
	mov	sp, x9
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	mov	x0, #0
	ret
	.cfi_endproc
	.size	rt__ctx_jump, .-rt__ctx_jump

/* void rt__ctx_prepare(rt_ctx *c, void *lo, size_t size,
 *                      void (*boot)(void *), void *arg)
 * x0 = c, x1 = lo, x2 = size, x3 = boot, x4 = arg.
 *
 * Lays out a register block at top - 160 (top = (lo + size) & ~15) with
 * x19 = boot, x20 = arg, x29 = 0, x30 = rt__ctx_boot and zeros elsewhere, so
 * the first swap restores it and returns into rt__ctx_boot with sp = top,
 * 16-byte aligned as AAPCS64 requires at all times. */
	.globl	rt__ctx_prepare
	.hidden	rt__ctx_prepare
	.type	rt__ctx_prepare, %function
	.p2align 4
rt__ctx_prepare:
	.cfi_startproc
	hint	#34			/* bti c */
	add	x9, x1, x2
	and	x9, x9, #~15
	sub	x9, x9, #160
	stp	x3, x4, [x9, #0]	/* x19 = boot, x20 = arg */
	stp	xzr, xzr, [x9, #16]
	stp	xzr, xzr, [x9, #32]
	stp	xzr, xzr, [x9, #48]
	stp	xzr, xzr, [x9, #64]
	adr	x10, rt__ctx_boot
	stp	xzr, x10, [x9, #80]	/* x29 = 0 ends frame walks; x30 */
	stp	xzr, xzr, [x9, #96]
	stp	xzr, xzr, [x9, #112]
	stp	xzr, xzr, [x9, #128]
	stp	xzr, xzr, [x9, #144]
	str	x9, [x0]
	ret
	.cfi_endproc
	.size	rt__ctx_prepare, .-rt__ctx_prepare

/* The first resume of a context returns here: call boot(arg). boot never
 * returns; brk traps if it does. x30 is marked undefined so unwinders stop.
 * Reached by ret, which BTI does not check, so no landing pad is needed. */
	.type	rt__ctx_boot, %function
	.p2align 4
rt__ctx_boot:
	.cfi_startproc
	.cfi_undefined x30
	mov	x0, x20
	blr	x19
	brk	#0x3e8
	.cfi_endproc
	.size	rt__ctx_boot, .-rt__ctx_boot

	.section .note.GNU-stack,"",%progbits
