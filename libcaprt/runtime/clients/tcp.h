// Typed clients for TcpListenAuthority / TcpListener / TcpSocket.
//
// The blocking helpers suit simple services. Event-loop services (many
// connections in one process) use the Encode*/Decode* pairs with their own
// SQEs: each encoder writes a params message into a caller buffer, each
// decoder reads a reply from the CQE's result buffer; caprt::CallSqe
// (ring.h) builds the SQE.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "libcaprt/runtime/result.h"
#include "libcaprt/runtime/ring.h"

namespace caprt::tcp {

Result<Cap> Listen(const Cap& authority, uint16_t port, uint32_t backlog);
Result<Cap> Accept(const Cap& listener);

struct Received {
  uint32_t len;  // bytes copied into the caller's buffer
  bool eof;      // the peer finished sending (len is then 0)
};
Result<Received> Recv(const Cap& socket, void* buf, uint32_t max, uint32_t timeout_ms = 0);
// Sends part of the data (at least one byte); returns how much was taken.
Result<uint32_t> Send(const Cap& socket, const void* data, uint32_t len);
Status SendAll(const Cap& socket, const void* data, uint32_t len);
Status Shutdown(const Cap& socket, bool read, bool write);
Status Close(const Cap& socket);
// Event-loop submissions: encode the params into `params` and submit the
// CALL on the default ring without waiting; its reply lands in `reply`
// (both must live until the CQE tagged `user_data`). False if the params
// do not fit (nothing submitted).
bool SubmitRecv(const Cap& socket, void* params, uint32_t params_cap, void* reply,
                uint32_t reply_cap, uint32_t max, uint32_t timeout_ms, uint64_t user_data);
bool SubmitSend(const Cap& socket, void* params, uint32_t params_cap, void* reply,
                uint32_t reply_cap, const void* data, uint32_t len, uint64_t user_data);

// An event loop's end of a connection: our side's FIN, close, and the cap
// released (its ops in flight must already be cancelled).
void Discard(const Cap& socket);

// Event-loop building blocks. `out` must be 8-byte aligned.
Result<uint32_t> EncodeRecv(void* out, uint32_t cap, uint32_t max, uint32_t timeout_ms);
Result<uint32_t> EncodeSend(void* out, uint32_t cap, const void* data, uint32_t len);
// Copies the received bytes (at most dst_cap) into dst.
Result<Received> DecodeRecv(const void* reply, uint32_t len, void* dst, uint32_t dst_cap);
Result<uint32_t> DecodeSend(const void* reply, uint32_t len);
// An accepted connection: its socket cap and the peer the kernel saw.
struct Accepted {
  Cap socket;
  uint32_t peer_address = 0;  // IPv4 a.b.c.d as a<<24|b<<16|c<<8|d
  uint16_t peer_port = 0;
};
// Decodes an accept() reply (caps = the CQE's aux).
Result<Accepted> DecodeAccept(const void* reply, uint32_t len, uint16_t caps);

}  // namespace caprt::tcp
