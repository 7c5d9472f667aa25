// TCP capabilities over the kernel TCP layer (kernel/net/tcp.h):
//
//  - TcpListenAuthority: created by the kernel from the manifest, one per
//    granted port; listen() on any other port is kDenied.
//  - TcpListener: accept() waits for a connection (async CQE).
//  - TcpSocket: recv/send/shutdown/close; recv and send complete
//    asynchronously when the connection can make progress.
//
// Waiters are parked on the object and completed from the network notify
// hook (inside net::poll()), from the tick (recv deadlines), or dropped when
// their process exits. One pending accept per listener, one pending recv
// and one pending send per socket (more is kBusy).
#pragma once

#include "kernel/objects/object.h"

namespace kobj {

class TcpListenAuthority final : public Object {
 public:
  explicit TcpListenAuthority(uint16_t port);
  uint64_t interface_id() const override;
  abi::Error call(CallCtx& ctx) override;
  uint16_t port() const { return port_; }

 protected:
  void destroy() override;

 private:
  uint16_t port_;
};

}  // namespace kobj

namespace tcpcap {
void init();                    // installs the network notify hook
void tick();                    // recv deadlines
void drop_process(Process* p);  // p is exiting: forget its waits
}  // namespace tcpcap
