// Legacy 8259 PIC and the 8254 PIT. The PIT drives the scheduler tick at
// kTickHz; the TSC (calibrated against the PIT at boot) is the clock.
#pragma once

#include <stdint.h>

namespace pic {

inline constexpr uint32_t kTickHz = 1000;

void init();  // remaps IRQs to vectors 32..47, masks all but the timer
void unmask(int irq);
void handle_irq(int irq);
using IrqHandler = void (*)(int irq);
void set_handler(int irq, IrqHandler fn);

}  // namespace pic
