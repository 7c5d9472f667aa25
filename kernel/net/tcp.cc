#include "kernel/net/tcp.h"

#include "kernel/lib/kstring.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/net/net.h"

extern "C" {
#include "lwip/tcp.h"
}

namespace net::tcp {

struct Conn {
  tcp_pcb* pcb = nullptr;        // nullptr once lwIP freed it or we detached
  Listener* listener = nullptr;  // set while pending (not yet accepted)
  Conn* next = nullptr;          // listener's pending queue
  Conn* all_prev = nullptr;
  Conn* all_next = nullptr;
  void* owner = nullptr;
  uint8_t* rx = nullptr;  // kRxBufSize ring, direct-mapped frames
  uint32_t rx_head = 0, rx_len = 0;
  uint32_t owed = 0;  // bytes received but not yet re-opened in the window
  uint32_t created_ms = 0;
  uint32_t peer_address = 0;  // host order, from the SYN
  uint16_t peer_port = 0;
  err_t error = ERR_OK;
  bool eof = false, rd_shut = false, wr_shut = false, want_write = false;
};

struct Listener {
  tcp_pcb* pcb = nullptr;
  void* owner = nullptr;
  Conn* head = nullptr;
  Conn* tail = nullptr;
  uint32_t count = 0, backlog = 0, reap_ms = 0;
  Listener* next = nullptr;
};

namespace {

constexpr uint32_t kRxPages = kRxBufSize / 4096;
static_assert(TCP_WND <= kRxBufSize, "the window must fit the receive buffer");

Notify notify_fn = nullptr;
Listener* listeners = nullptr;
Conn* all_conns = nullptr;
uint32_t last_sweep_ms = 0;

void fire(void* owner, uint32_t ev) {
  if (notify_fn && owner) notify_fn(owner, ev);
}

Status from_err(err_t e) {
  switch (e) {
    case ERR_OK:
      return Status::kOk;
    case ERR_RST:
      return Status::kReset;
    case ERR_MEM:
      return Status::kNoMemory;
    case ERR_USE:
      return Status::kInUse;
    case ERR_CLSD:
      return Status::kClosed;
    default:
      return Status::kAborted;
  }
}

// Keeps the advertised window within the free buffer space: credit back to
// lwIP only what the buffer can still take beyond a full window.
void give_credit(Conn* c) {
  if (!c->pcb) return;
  uint32_t free = kRxBufSize - c->rx_len;
  uint32_t keep = free >= TCP_WND ? 0 : TCP_WND - free;
  if (c->owed > keep) {
    tcp_recved(c->pcb, uint16_t(c->owed - keep));
    c->owed = keep;
  }
}

void detach(Conn* c) {
  if (!c->pcb) return;
  tcp_arg(c->pcb, nullptr);
  tcp_recv(c->pcb, nullptr);
  tcp_sent(c->pcb, nullptr);
  tcp_err(c->pcb, nullptr);
  c->pcb = nullptr;
}

void free_conn(Conn* c) {
  if (c->all_prev) c->all_prev->all_next = c->all_next;
  if (all_conns == c) all_conns = c->all_next;
  if (c->all_next) c->all_next->all_prev = c->all_prev;
  if (c->rx) pmm::free_contig(mm::virt_to_phys(c->rx), kRxPages);
  kdelete(c);
}

void unlink_pending(Conn* c) {
  Listener* l = c->listener;
  Conn** pp = &l->head;
  Conn* prev = nullptr;
  while (*pp && *pp != c) prev = *pp, pp = &(*pp)->next;
  if (!*pp) return;
  *pp = c->next;
  if (l->tail == c) l->tail = prev;
  l->count--;
  c->listener = nullptr;
}

err_t on_recv(void* arg, tcp_pcb* pcb, pbuf* p, err_t) {
  auto* c = static_cast<Conn*>(arg);
  if (!p) {
    c->eof = true;
    // Both directions done: lwIP moves the pcb to TIME_WAIT and later
    // frees it without a callback, so stop referring to it now.
    if (c->wr_shut) detach(c);
    fire(c->owner, kReadable);
    return ERR_OK;
  }
  if (c->rd_shut) {
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
  }
  // Cannot happen while the window invariant holds; lwIP keeps the pbuf
  // and offers it again later.
  if (p->tot_len > kRxBufSize - c->rx_len) return ERR_MEM;
  for (pbuf* q = p; q; q = q->next) {
    const auto* src = static_cast<const uint8_t*>(q->payload);
    uint32_t n = q->len;
    while (n) {
      uint32_t tail = (c->rx_head + c->rx_len) % kRxBufSize;
      uint32_t chunk = n < kRxBufSize - tail ? n : kRxBufSize - tail;
      memcpy(c->rx + tail, src, chunk);
      c->rx_len += chunk;
      src += chunk;
      n -= chunk;
    }
  }
  c->owed += p->tot_len;
  pbuf_free(p);
  give_credit(c);
  fire(c->owner, kReadable);
  return ERR_OK;
}

err_t on_sent(void* arg, tcp_pcb*, u16_t) {
  auto* c = static_cast<Conn*>(arg);
  c->want_write = false;
  fire(c->owner, kWritable);
  return ERR_OK;
}

// lwIP has already freed the pcb when this runs.
void on_err(void* arg, err_t err) {
  auto* c = static_cast<Conn*>(arg);
  c->pcb = nullptr;
  if (c->listener) {  // the peer gave up before accept(): nobody to tell
    unlink_pending(c);
    free_conn(c);
    return;
  }
  // ERR_CLSD: LAST_ACK completed after our FIN following theirs: a clean end.
  if (err != ERR_CLSD) c->error = err;
  fire(c->owner, kReadable | kError);
}

err_t on_accept(void* arg, tcp_pcb* pcb, err_t err) {
  auto* l = static_cast<Listener*>(arg);
  if (!l || !pcb || err != ERR_OK) return ERR_VAL;
  // lwIP gates SYNs on the backlog, but every SYN already past that gate
  // (several can be in SYN_RCVD at once) still lands here; a hard cap of
  // twice the backlog keeps the queue bounded without resetting a burst of
  // clients that lwIP itself admitted.
  Conn* c = l->count < 2 * l->backlog ? knew<Conn>() : nullptr;
  uint64_t rx = c ? pmm::alloc_contig(kRxPages) : 0;
  if (!rx) {
    if (c) kdelete(c);
    tcp_abort(pcb);
    return ERR_ABRT;
  }
  c->pcb = pcb;
  c->rx = mm::phys_to_virt<uint8_t>(rx);
  c->listener = l;
  c->created_ms = net::now_ms();
  c->peer_address = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip)));
  c->peer_port = pcb->remote_port;
  c->all_next = all_conns;
  if (all_conns) all_conns->all_prev = c;
  all_conns = c;
  tcp_arg(pcb, c);
  tcp_recv(pcb, on_recv);
  tcp_sent(pcb, on_sent);
  tcp_err(pcb, on_err);
  tcp_nagle_disable(pcb);    // request/response latency over bulk efficiency
  tcp_backlog_delayed(pcb);  // counts against the backlog until accept()
  if (l->tail) {
    l->tail->next = c;
  } else {
    l->head = c;
  }
  l->tail = c;
  l->count++;
  fire(l->owner, kAccept);
  return ERR_OK;
}

}  // namespace

const char* status_name(Status s) {
  static const char* const kNames[] = {"ok",         "would block", "eof",    "reset",
                                       "aborted",    "closed",      "in use", "no memory",
                                       "no network", "invalid"};
  return uint32_t(s) < sizeof(kNames) / sizeof(kNames[0]) ? kNames[uint32_t(s)] : "?";
}

void set_notify(Notify fn) {
  notify_fn = fn;
}

Status listen(uint16_t port, uint32_t backlog, uint32_t reap_ms, Listener** out) {
  if (backlog == 0 || backlog > kMaxBacklog || port == 0) return Status::kInvalid;
  if (!net::up()) return Status::kNoNetwork;
  Listener* l = knew<Listener>();
  tcp_pcb* pcb = l ? tcp_new() : nullptr;
  if (!pcb) {
    kdelete(l);
    return Status::kNoMemory;
  }
  // Lets a restarted service rebind while old connections sit in
  // TIME_WAIT; tcp_listen still refuses a second listener on the port.
  ip_set_option(pcb, SOF_REUSEADDR);
  err_t err = tcp_bind(pcb, IP4_ADDR_ANY, port);
  tcp_pcb* lpcb =
      err == ERR_OK ? tcp_listen_with_backlog_and_err(pcb, uint8_t(backlog), &err) : nullptr;
  if (!lpcb) {
    tcp_close(pcb);
    kdelete(l);
    return err == ERR_USE || err == ERR_OK ? Status::kInUse : from_err(err);
  }
  l->pcb = lpcb;
  l->backlog = backlog;
  l->reap_ms = reap_ms;
  l->next = listeners;
  listeners = l;
  tcp_arg(lpcb, l);
  tcp_accept(lpcb, on_accept);
  *out = l;
  return Status::kOk;
}

void set_owner(Listener* l, void* owner) {
  l->owner = owner;
}

void peer(const Conn* c, uint32_t* address, uint16_t* port) {
  *address = c->peer_address;
  *port = c->peer_port;
}

Conn* accept(Listener* l) {
  Conn* c = l->head;
  if (!c) return nullptr;
  unlink_pending(c);
  if (c->pcb) tcp_backlog_accepted(c->pcb);
  return c;
}

uint32_t pending(const Listener* l) {
  return l->count;
}

uint16_t full_backlog_port() {
  for (Listener* l = listeners; l; l = l->next) {
    auto* lpcb = reinterpret_cast<const tcp_pcb_listen*>(l->pcb);
    if (lpcb->accepts_pending >= lpcb->backlog) return lpcb->local_port;
  }
  return 0;
}

void close(Listener* l) {
  for (Listener** pp = &listeners; *pp; pp = &(*pp)->next) {
    if (*pp == l) {
      *pp = l->next;
      break;
    }
  }
  tcp_arg(l->pcb, nullptr);
  tcp_accept(l->pcb, nullptr);
  tcp_close(l->pcb);  // never fails for a listening pcb
  while (l->head) abort(accept(l));
  kdelete(l);
}

void set_owner(Conn* c, void* owner) {
  c->owner = owner;
}

size_t peek(Conn* c, const uint8_t** data) {
  *data = c->rx + c->rx_head;
  uint32_t to_end = kRxBufSize - c->rx_head;
  return c->rx_len < to_end ? c->rx_len : to_end;
}

void consume(Conn* c, size_t n) {
  if (n > c->rx_len) n = c->rx_len;
  c->rx_head = uint32_t((c->rx_head + n) % kRxBufSize);
  c->rx_len -= uint32_t(n);
  give_credit(c);
}

Status recv(Conn* c, void* dst, size_t cap, size_t* got) {
  *got = 0;
  auto* d = static_cast<uint8_t*>(dst);
  while (*got < cap && c->rx_len) {
    const uint8_t* p;
    size_t n = peek(c, &p);
    if (n > cap - *got) n = cap - *got;
    memcpy(d + *got, p, n);
    *got += n;
    consume(c, n);
  }
  if (*got) return Status::kOk;
  if (c->eof || c->rd_shut) return Status::kEof;
  if (c->error != ERR_OK) return from_err(c->error);
  if (!c->pcb) return Status::kEof;  // closed cleanly from both sides
  return Status::kWouldBlock;
}

size_t send_space(const Conn* c) {
  if (!c->pcb || c->wr_shut) return 0;
  if (tcp_sndqueuelen(c->pcb) >= TCP_SND_QUEUELEN) return 0;
  return tcp_sndbuf(c->pcb);
}

Status send(Conn* c, const void* src, size_t len, size_t* accepted) {
  *accepted = 0;
  if (c->error != ERR_OK) return from_err(c->error);
  if (c->wr_shut || !c->pcb) return Status::kClosed;
  const auto* s = static_cast<const uint8_t*>(src);
  while (*accepted < len) {
    size_t n = len - *accepted;
    size_t space = send_space(c);
    if (n > space) n = space;
    if (n > 4 * TCP_MSS) n = 4 * TCP_MSS;  // bounded pbuf allocations per call
    if (n == 0) break;
    u8_t flags = TCP_WRITE_FLAG_COPY | (*accepted + n < len ? TCP_WRITE_FLAG_MORE : 0);
    err_t err = tcp_write(c->pcb, s + *accepted, uint16_t(n), flags);
    if (err == ERR_MEM) break;  // lwIP heap or queue full: backpressure
    if (err != ERR_OK) return from_err(err);
    *accepted += n;
  }
  if (*accepted == 0) {
    c->want_write = true;
    return Status::kWouldBlock;
  }
  tcp_output(c->pcb);
  return Status::kOk;
}

Status shutdown(Conn* c, bool rd, bool wr) {
  if (rd && !c->rd_shut) {
    c->rd_shut = true;
    consume(c, c->rx_len);
  }
  if (wr && !c->wr_shut) {
    c->wr_shut = true;
    if (c->pcb) {
      err_t err = tcp_shutdown(c->pcb, 0, 1);
      if (err != ERR_OK) return from_err(err);
      if (c->eof) detach(c);  // FIN both ways: see on_recv
    }
  }
  return Status::kOk;
}

void close(Conn* c) {
  if (c->pcb) {
    tcp_pcb* pcb = c->pcb;
    detach(c);
    // Unread input means the peer's data was lost: say so with a RST.
    if (c->rx_len || tcp_close(pcb) != ERR_OK) tcp_abort(pcb);
  }
  free_conn(c);
}

void abort(Conn* c) {
  if (c->pcb) {
    tcp_pcb* pcb = c->pcb;
    detach(c);
    tcp_abort(pcb);
  }
  free_conn(c);
}

void housekeeping(uint32_t now_ms) {
  if (now_ms - last_sweep_ms < 100) return;
  last_sweep_ms = now_ms;
  for (Listener* l = listeners; l; l = l->next) {
    while (l->head && l->reap_ms && now_ms - l->head->created_ms >= l->reap_ms) {
      abort(accept(l));  // the queue is FIFO: the head is the oldest
    }
  }
  // A sender refused for lack of lwIP heap (not window) gets no sent
  // callback of its own; offer it another try.
  for (Conn* c = all_conns; c; c = c->all_next) {
    if (c->want_write && send_space(c)) {
      c->want_write = false;
      fire(c->owner, kWritable);
    }
  }
}

}  // namespace net::tcp
