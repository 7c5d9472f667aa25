#include "kernel/ipc/ipc.h"

#include "kernel/arch/clock.h"
#include "kernel/ipc/endpoint.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/usercopy.h"
#include "kernel/objects/session.h"
#include "kernel/proc/process.h"
#include "kernel/ring/ring.h"
#include "kernel/ring/transfer.h"

namespace ipc {

struct PendingCall {
  uint32_t gen = 0;
  bool used = false;
  bool delivered = false;
  Process* caller = nullptr;
  Process* server = nullptr;  // once delivered: who must RETURN it
  uint64_t user_data = 0;
  uint64_t result_addr = 0;
  uint32_t result_cap = 0;
  kobj::Endpoint* ep = nullptr;  // pinned with a rights-0 reference
  uint16_t method = 0;
  uint16_t ncaps = 0;
  uint32_t params_len = 0;
  uint8_t* params = nullptr;  // kernel copy until delivered
  cap::Entry caps[abi::kMaxTransferCaps];
  kobj::SessionCell* session = nullptr;  // pinned
  uint64_t deadline_ns = 0;              // 0 = none
  PendingCall* next = nullptr;           // endpoint FIFO
};

namespace {

struct PostedRecv {
  bool used = false;
  uint64_t seq = 0;  // FIFO order among RECVs on one endpoint
  Process* server = nullptr;
  kobj::Endpoint* ep = nullptr;  // pinned
  uint64_t user_data = 0;
  uint64_t addr = 0;
  uint32_t cap = 0;
  bool disclose = false;
};

PendingCall calls[kMaxCalls];
PostedRecv recvs[kMaxRecvs];
uint64_t recv_seq = 0;
alignas(16) uint8_t scratch[abi::kMaxMessageBytes + 64 + 16 * abi::kMaxTransferCaps];

uint64_t token_of(const PendingCall* c) {
  return (uint64_t(c - calls) << 32) | c->gen;
}

PendingCall* from_token(uint64_t token) {
  uint64_t i = token >> 32;
  if (i >= kMaxCalls) return nullptr;
  PendingCall* c = &calls[i];
  return c->used && c->gen == uint32_t(token) ? c : nullptr;
}

uint32_t align8(uint32_t n) {
  return (n + 7) & ~7u;
}

void unlink(PendingCall* c) {
  kobj::Endpoint* ep = c->ep;
  PendingCall** link = &ep->head;
  PendingCall* prev = nullptr;
  while (*link && *link != c) prev = *link, link = &(*link)->next;
  if (!*link) return;
  *link = c->next;
  if (ep->tail == c) ep->tail = prev;
  ep->queued--;
}

// Releases everything a call holds; the caller's CQE must already be posted.
void free_call(PendingCall* c) {
  if (!c->delivered) unlink(c);
  xfer::drop(c->caps, c->ncaps);
  if (c->session) c->session->unpin();
  kheap::free(c->params);
  kobj::Endpoint* ep = c->ep;
  uint32_t gen = c->gen + 1;
  *c = PendingCall();
  c->gen = gen;
  ep->unref(0);
}

void fail_call(PendingCall* c, abi::Error err) {
  ring::complete_async(c->caller, c->user_data, err, 0, 0);
  free_call(c);
}

bool session_dead(const PendingCall* c) {
  return c->session && !c->session->live();
}

PostedRecv* first_recv(kobj::Endpoint* ep) {
  PostedRecv* best = nullptr;
  for (auto& r : recvs) {
    if (r.used && r.ep == ep && (!best || r.seq < best->seq)) best = &r;
  }
  return best;
}

void free_recv(PostedRecv* r) {
  kobj::Endpoint* ep = r->ep;
  *r = PostedRecv();
  ep->unref(0);
}

// Writes header + params + cap descriptors into the server's RECV buffer.
// Returns false when this call was not delivered (it failed, or the RECV
// was used up by an error of the server's own making).
bool deliver(PendingCall* c, PostedRecv* r) {
  Process* s = r->server;
  uint32_t desc_off = 64 + align8(c->params_len);
  uint32_t need = desc_off + 16 * c->ncaps;
  if (need > r->cap) {
    // The server's buffer is its limit on what it accepts. Failing the call
    // (not the RECV) means one oversized call can never wedge a server.
    fail_call(c, abi::Error::kBadLength);
    return false;
  }
  if (usercopy::check(&s->as, r->addr, need, true) != abi::Error::kOk) {
    ring::complete_async(s, r->user_data, abi::Error::kBadAddress, 0, 0);
    free_recv(r);
    return false;
  }
  auto* h = reinterpret_cast<abi::RecvHeader*>(scratch);
  memset(h, 0, sizeof(*h));
  h->call_token = token_of(c);
  h->interface_id = c->ep->interface_id();
  h->method = c->method;
  h->caps_count = c->ncaps;
  h->params_len = c->params_len;
  h->badge = c->ep->badge();
  if (c->session) {
    h->session_ref = c->session->opaque_ref();
    if (r->disclose) {
      h->principal_class = c->session->principal_class();
      h->auth_strength = c->session->auth_strength();
      h->profile_class = c->session->profile_class();
      h->disclosed = abi::kDisclosedClasses;
    }
  }
  memcpy(scratch + 64, c->params, c->params_len);
  memset(scratch + 64 + c->params_len, 0, desc_off - 64 - c->params_len);
  auto* desc = reinterpret_cast<abi::CapDescriptor*>(scratch + desc_off);
  abi::Error err = xfer::install(s, c->caps, c->ncaps, desc);
  c->ncaps = 0;  // the server owns them now (or they were dropped)
  if (err != abi::Error::kOk) {
    ring::complete_async(s, r->user_data, err, 0, 0);
    free_recv(r);
    fail_call(c, err);
    return false;
  }
  usercopy::to_user(&s->as, r->addr, scratch, need);
  unlink(c);
  c->delivered = true;
  c->server = s;
  kheap::free(c->params);
  c->params = nullptr;
  ring::complete_async(s, r->user_data, abi::Error::kOk, 64 + h->params_len, h->caps_count);
  free_recv(r);
  return true;
}

void pump(kobj::Endpoint* ep) {
  while (ep->head) {
    PendingCall* c = ep->head;
    if (session_dead(c)) {
      fail_call(c, abi::Error::kStaleSession);
      continue;
    }
    PostedRecv* r = first_recv(ep);
    if (!r) return;
    deliver(c, r);
  }
}

}  // namespace

abi::Error call(Process* p, const abi::Sqe& s, const cap::Entry& ep_cap) {
  kobj::Endpoint* ep = ep_cap.object->as_endpoint();
  if (ep->dead()) return abi::Error::kDisconnected;
  if (p->async_reserved >= ring::kMaxAsync || ep->queued >= kobj::Endpoint::kMaxQueued) {
    return abi::Error::kBusy;
  }
  PendingCall* c = nullptr;
  for (auto& slot : calls) {
    if (!slot.used) {
      c = &slot;
      break;
    }
  }
  if (!c) return abi::Error::kBusy;
  uint8_t* params = nullptr;
  if (s.params_len) {
    params = static_cast<uint8_t*>(kheap::alloc(s.params_len));
    if (!params) return abi::Error::kNoMemory;
    abi::Error err = usercopy::from_user(&p->as, params, s.params_addr, s.params_len);
    if (err != abi::Error::kOk) {
      kheap::free(params);
      return err;
    }
  }
  abi::Error err = xfer::collect(p, s.aux, s.caps_count, c->caps);
  if (err != abi::Error::kOk) {
    kheap::free(params);
    return err;
  }
  c->used = true;
  c->caller = p;
  c->user_data = s.user_data;
  c->result_addr = s.result_addr;
  c->result_cap = s.result_cap;
  c->ep = ep;
  ep->ref(0);
  c->method = s.method;
  c->ncaps = s.caps_count;
  c->params_len = s.params_len;
  c->params = params;
  c->session = p->session;
  if (c->session) c->session->pin();
  c->deadline_ns = s.timeout_ms ? clock::now_ns() + uint64_t(s.timeout_ms) * 1000000 : 0;
  if (ep->tail) {
    ep->tail->next = c;
  } else {
    ep->head = c;
  }
  ep->tail = c;
  ep->queued++;
  p->async_reserved++;
  pump(ep);
  return abi::Error::kOk;
}

abi::Error recv(Process* p, const abi::Sqe& s, const cap::Entry& ep_cap) {
  kobj::Endpoint* ep = ep_cap.object->as_endpoint();
  if (!(ep_cap.rights & abi::kRightRecv)) return abi::Error::kDenied;
  if (ep->dead()) return abi::Error::kDisconnected;
  if (p->async_reserved >= ring::kMaxAsync) return abi::Error::kBusy;
  if (s.result_cap < 64) return abi::Error::kResultTooSmall;
  PostedRecv* r = nullptr;
  for (auto& slot : recvs) {
    if (!slot.used) {
      r = &slot;
      break;
    }
  }
  if (!r) return abi::Error::kBusy;
  *r = PostedRecv{true,
                  ++recv_seq,
                  p,
                  ep,
                  s.user_data,
                  s.result_addr,
                  s.result_cap,
                  (ep_cap.rights & abi::kRightDisclose) != 0};
  ep->ref(0);
  p->async_reserved++;
  pump(ep);
  return abi::Error::kOk;
}

abi::Error ret(Process* p, const abi::Sqe& s, const cap::Entry& ep_cap) {
  kobj::Endpoint* ep = ep_cap.object->as_endpoint();
  if (!(ep_cap.rights & abi::kRightRecv)) return abi::Error::kDenied;
  if (s.method >= uint16_t(abi::Error::kErrorCount)) return abi::Error::kBadFlags;
  PendingCall* c = from_token(s.interface_id);
  if (!c || !c->delivered || c->ep != ep) return abi::Error::kCancelled;
  uint16_t ncaps = s.caps_count;
  if (session_dead(c)) {
    fail_call(c, abi::Error::kStaleSession);
    return abi::Error::kStaleSession;
  }
  uint32_t len = s.params_len;
  uint32_t desc_off = align8(len);
  uint32_t need = desc_off + 16 * ncaps;
  if (need > c->result_cap) {
    ring::complete_async(c->caller, c->user_data, abi::Error::kResultTooSmall, 0, need);
    free_call(c);
    return abi::Error::kResultTooSmall;
  }
  // Copy the reply before taking any cap from the server, so a bad buffer
  // leaves the server's table and the call as they were (it may RETURN again).
  abi::Error err = usercopy::from_user(&p->as, scratch, s.params_addr, len);
  if (err != abi::Error::kOk) return err;
  cap::Entry caps[abi::kMaxTransferCaps];
  err = xfer::collect(p, s.aux, ncaps, caps);
  if (err != abi::Error::kOk) return err;
  memset(scratch + len, 0, desc_off - len);
  err = xfer::install(c->caller, caps, ncaps,
                      reinterpret_cast<abi::CapDescriptor*>(scratch + desc_off));
  if (err == abi::Error::kOk)
    err = usercopy::to_user(&c->caller->as, c->result_addr, scratch, need);
  if (err != abi::Error::kOk) {
    fail_call(c, err);
    return err;
  }
  ring::complete_async(c->caller, c->user_data, abi::Error(s.method), len, ncaps);
  free_call(c);
  return abi::Error::kOk;
}

abi::Error cancel(Process* p, const abi::Sqe& s) {
  for (auto& c : calls) {
    if (c.used && c.caller == p && c.user_data == s.interface_id) {
      fail_call(&c, abi::Error::kCancelled);
      return abi::Error::kOk;
    }
  }
  return abi::Error::kNotFound;
}

void tick() {
  uint64_t now = clock::now_ns();
  for (auto& c : calls) {
    if (c.used && c.deadline_ns && c.deadline_ns <= now) fail_call(&c, abi::Error::kTimedOut);
  }
}

void drop_process(Process* p) {
  for (auto& c : calls) {
    if (!c.used) continue;
    if (c.caller == p) {
      free_call(&c);
    } else if (c.delivered && c.server == p) {
      // Its server is gone; other owners of the endpoint may live on, but
      // this call can only be answered by the one that took it.
      fail_call(&c, abi::Error::kDisconnected);
    }
  }
  for (auto& r : recvs) {
    if (r.used && r.server == p) free_recv(&r);
  }
}

void endpoint_died(kobj::Endpoint* ep) {
  for (auto& c : calls) {
    if (c.used && c.ep == ep) fail_call(&c, abi::Error::kDisconnected);
  }
  for (auto& r : recvs) {
    if (r.used && r.ep == ep) {
      ring::complete_async(r.server, r.user_data, abi::Error::kDisconnected, 0, 0);
      free_recv(&r);
    }
  }
}

}  // namespace ipc
