# Process entry. The kernel starts us with rsp = abi::kStackTop (16-byte
# aligned) and every other GPR zero; the call below leaves rsp 8 mod 16 at
# caprt_start's entry, as the SysV ABI expects.
    .section .text.caprt_start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp
    andq $-16, %rsp
    call caprt_start
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
