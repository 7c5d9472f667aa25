// Malformed CALLs: every one must come back as a typed error CQE and the
// process must keep running.
#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/demo-probe/probe.h"

namespace probe {
namespace {

using abi::Error;

// A slot index this process was not granted (all grants are in the CapSet).
uint32_t UngrantedSlot() {
  caprt::CapSetView caps = caprt::MyCapSet();
  for (uint32_t s = abi::kCapTableSlots; s-- > 0;) {
    bool used = false;
    for (uint32_t i = 0; i < caps.count(); ++i) used = used || caps.entry(i).slot == s;
    if (!used) return s;
  }
  return 0;
}

// A Console.write params message whose framing is fine but whose content is
// not: `words` replaces the segment after the segment table.
void ExpectMalformed(Probe& p, const char* check, const uint64_t* words, uint32_t count) {
  alignas(8) static uint64_t msg[16];
  msg[0] = static_cast<uint64_t>(count) << 32;
  memcpy(&msg[1], words, count * 8);
  abi::Sqe sqe = p.ConsoleWrite();
  sqe.params_addr = reinterpret_cast<uint64_t>(msg);
  sqe.params_len = (count + 1) * 8;
  p.Expect(check, sqe, Error::kMalformedMessage);
}

}  // namespace

void RunCallChecks(Probe& p) {
  abi::Sqe sqe = p.ConsoleWrite();
  caprt::Result<int32_t> valid = p.Run(sqe);
  p.Check("valid-call", valid.ok() && valid.value() == 0, "a valid Console.write failed");

  sqe = p.ConsoleWrite();
  sqe.slot = UngrantedSlot();
  sqe.generation = 0;
  p.Expect("empty-slot", sqe, Error::kBadSlot);
  valid = p.Run(p.ConsoleWrite());
  p.Check("alive-after-error", valid.ok() && valid.value() == 0, "ring unusable after an error");

  sqe = p.ConsoleWrite();
  sqe.slot = abi::kCapTableSlots;
  p.Expect("slot-out-of-range", sqe, Error::kBadSlot);
  sqe.slot = 0xffffffff;
  p.Expect("slot-max", sqe, Error::kBadSlot);

  sqe = p.ConsoleWrite();
  sqe.generation += 1;
  p.Expect("stale-generation", sqe, Error::kStaleGeneration);

  sqe = p.ConsoleWrite();
  sqe.opcode = 0;
  p.Expect("opcode-zero", sqe, Error::kBadOpcode);
  sqe.opcode = static_cast<uint8_t>(abi::Op::kOpCount);
  p.Expect("opcode-unknown", sqe, Error::kBadOpcode);
  sqe.opcode = 0xff;
  p.Expect("opcode-max", sqe, Error::kBadOpcode);

  sqe = p.ConsoleWrite();
  sqe.flags = 0x80;
  p.Expect("nonzero-flags", sqe, Error::kBadFlags);
  sqe = p.ConsoleWrite();
  sqe.opcode = static_cast<uint8_t>(abi::Op::kNop);
  sqe.caps_count = 1;  // only CALL and RETURN carry caps
  p.Expect("caps-on-nop", sqe, Error::kBadFlags);
  sqe = p.ConsoleWrite();
  sqe.timeout_ms = 0;
  sqe.caps_count = abi::kMaxTransferCaps + 1;
  p.Expect("too-many-caps", sqe, Error::kBadLength);
  sqe = p.ConsoleWrite();
  sqe.caps_count = 1;
  sqe.aux = 0x5000000;  // unmapped CapTransfer array
  p.Expect("caps-unmapped", sqe, Error::kBadAddress);

  sqe = p.ConsoleWrite();
  sqe.params_addr = 0xffff800000001000;
  p.Expect("params-kernel-address", sqe, Error::kBadAddress);
  sqe.params_addr = 0x00007f0000000000;
  p.Expect("params-unmapped", sqe, Error::kBadAddress);
  sqe.params_addr = 0;
  p.Expect("params-null", sqe, Error::kBadAddress);
  sqe.params_addr = abi::kUserTop - 8;
  p.Expect("params-past-user-top", sqe, Error::kBadAddress);

  p.Expect("result-read-only", p.TimerNow(reinterpret_cast<void*>(abi::kCapSetVa), 64),
           Error::kBadAddress);
  p.Expect("result-kernel-address", p.TimerNow(reinterpret_cast<void*>(0xffff800000000000), 64),
           Error::kBadAddress);

  // A real, mapped buffer so only the length is wrong.
  constexpr uint32_t kHuge = 64 * 1024 + 1;
  void* big = calloc(1, kHuge + 8);
  if (big == nullptr) {
    p.Fail("params-too-long", "could not allocate the probe buffer");
  } else {
    sqe = p.ConsoleWrite();
    sqe.params_addr = reinterpret_cast<uint64_t>(big);
    sqe.params_len = kHuge;
    p.Expect("params-too-long", sqe, Error::kBadLength);
    free(big);
  }

  sqe = p.ConsoleWrite();
  sqe.interface_id = caprt::iface::kTimer;
  p.Expect("wrong-interface", sqe, Error::kWrongInterface);
  sqe = p.ConsoleWrite();
  sqe.method = 1;
  p.Expect("unknown-method", sqe, Error::kBadMethod);
  sqe.method = 0xffff;
  p.Expect("unknown-method-max", sqe, Error::kBadMethod);

  const uint64_t garbage[4] = {0xabababababababab, 0xabababababababab, 0xabababababababab,
                               0xabababababababab};
  ExpectMalformed(p, "params-garbage", garbage, 4);
  // Root struct pointer with an offset far past the segment's end.
  const uint64_t root_oob[2] = {(uint64_t{1} << 48) | (0x100000u << 2), 0};
  ExpectMalformed(p, "params-root-out-of-bounds", root_oob, 2);
  // Text pointer whose 1000-byte list runs past the segment.
  const uint64_t text_oob[3] = {uint64_t{1} << 48, 1 | (uint64_t{2} << 32) | (uint64_t{1000} << 35),
                                0};
  ExpectMalformed(p, "params-text-out-of-bounds", text_oob, 3);
  // Text without its NUL terminator.
  const uint64_t text_nonul[3] = {uint64_t{1} << 48, 1 | (uint64_t{2} << 32) | (uint64_t{8} << 35),
                                  0x7878787878787878};
  ExpectMalformed(p, "params-text-unterminated", text_nonul, 3);
  // Segment table claiming more words than were sent.
  alignas(8) static uint64_t short_msg[2] = {uint64_t{1000} << 32, 0};
  sqe = p.ConsoleWrite();
  sqe.params_addr = reinterpret_cast<uint64_t>(short_msg);
  sqe.params_len = sizeof(short_msg);
  p.Expect("params-truncated", sqe, Error::kMalformedMessage);

  alignas(8) static uint64_t tiny[1];
  p.Expect("result-too-small", p.TimerNow(tiny, sizeof(tiny)), Error::kResultTooSmall);
}

}  // namespace probe
