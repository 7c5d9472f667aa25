/* Interrupt, exception and syscall entry stubs. All build a TrapFrame
 * (arch/trap.h) and leave through trap_exit. The kernel runs with
 * interrupts disabled, so none of this needs to be reentrant. */
.macro PUSH_GPRS
  push %rax
  push %rbx
  push %rcx
  push %rdx
  push %rsi
  push %rdi
  push %rbp
  push %r8
  push %r9
  push %r10
  push %r11
  push %r12
  push %r13
  push %r14
  push %r15
.endm
.macro POP_GPRS
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %r11
  pop %r10
  pop %r9
  pop %r8
  pop %rbp
  pop %rdi
  pop %rsi
  pop %rdx
  pop %rcx
  pop %rbx
  pop %rax
.endm

/* 256 entry stubs, 16 bytes apart: the IDT is filled with isr_stubs + 16*v.
 * Vectors where the CPU pushes an error code skip the dummy push. */
.text
.align 16
.global isr_stubs
isr_stubs:
.set vec, 0
.rept 256
  .align 16
  .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21)
  .else
    pushq $0
  .endif
  pushq $vec
  jmp trap_common
  .set vec, vec + 1
.endr

trap_common:
  PUSH_GPRS
  cld
  mov %rsp, %rdi
  call trap_dispatch
.global trap_exit
trap_exit:
  POP_GPRS
  add $16, %rsp
  iretq

/* SYSCALL: rcx = user rip, r11 = user rflags, rsp still the user stack.
 * SFMASK has cleared IF, DF and AC. We build an iret-shaped frame by hand. */
.global syscall_entry
syscall_entry:
  mov %rsp, syscall_user_rsp(%rip)
  mov syscall_kernel_rsp(%rip), %rsp
  pushq $0x1b
  pushq syscall_user_rsp(%rip)
  push %r11
  pushq $0x23
  push %rcx
  pushq $0
  pushq $0x100
  PUSH_GPRS
  mov %rsp, %rdi
  call syscall_dispatch
  jmp trap_exit

/* swtch(uint64_t* save_rsp, uint64_t new_rsp): kernel context switch.
 * Saves callee-saved registers on the current stack and resumes the other. */
.global swtch
swtch:
  push %rbp
  push %rbx
  push %r12
  push %r13
  push %r14
  push %r15
  mov %rsp, (%rdi)
  mov %rsi, %rsp
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  pop %rbp
  ret

.data
.global syscall_user_rsp
syscall_user_rsp: .quad 0
.global syscall_kernel_rsp
syscall_kernel_rsp: .quad 0

