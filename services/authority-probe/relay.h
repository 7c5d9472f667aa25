// The driving end of the chat-probe relay (services/chat-probe/relay_proto.h):
// spawns a chat-probe bound to a session and makes it call Chat.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/ipc.h"
#include "services/authority-probe/probe.h"

namespace aprobe {

class Relay {
 public:
  // Spawns chat-probe `name` bound to `cell`; false (and logged) on failure.
  bool Start(Probe& p, const char* name, const caprt::Cap& cell);
  // One Chat call made by the child. Returns the Chat call's error (kOk when
  // result[0, *len) holds the results message); kTimedOut/kDisconnected if
  // the child did not answer.
  abi::Error Call(uint16_t method, const void* params, uint32_t len, uint32_t delay_ms,
                  uint8_t* result, uint32_t result_cap, uint32_t* result_len);
  // Sends the command without waiting for the child's report.
  abi::Error CallNoWait(uint16_t method, const void* params, uint32_t len, uint32_t delay_ms);
  // Tells the child to exit (if it still listens) and waits for its status.
  int32_t Finish(bool tell);
  // Releases the relay endpoint and the process handle.
  void Drop();

 private:
  abi::Error Recv(uint8_t* buf, uint32_t cap, abi::RecvHeader* h);
  abi::Error Send(uint16_t op, uint16_t method, const void* params, uint32_t len,
                  uint32_t delay_ms);

  caprt::EndpointPair ep_;
  caprt::Cap handle_;
  uint64_t token_ = 0;  // the child's pending control call
  bool live_ = false;
};

}  // namespace aprobe
