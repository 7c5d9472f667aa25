// Round-robin preemptive scheduler for one CPU. The kernel runs with
// interrupts disabled, so there is no locking: a process gives up the CPU
// only by blocking, exiting or being preempted on a timer tick taken in
// ring 3.
#pragma once

#include <stdint.h>

struct Process;

namespace sched {

void add(Process* p);                        // new runnable process
[[noreturn]] void run(bool exit_when_idle);  // the scheduler loop (boot stack)
Process* current();
void yield();                // back to the scheduler; current stays runnable
void block();                // current -> kBlocked until wake()
void wake(Process* p);       // kBlocked -> runnable
void remove(Process* p);     // take off the run queue (kill of another process)
void switch_out_for_good();  // current is a zombie: never resumed
void tick();                 // timer interrupt

}  // namespace sched
