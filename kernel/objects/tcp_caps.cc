#include "kernel/objects/tcp_caps.h"

#include "kernel/arch/clock.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/usercopy.h"
#include "kernel/net/tcp.h"
#include "kernel/proc/process.h"
#include "kernel/ring/ring.h"
#include "kernel/ring/transfer.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {

namespace tcp = net::tcp;
namespace wire = capos::wire;
using LA = capos::layout::TcpListenAuthority;
using LL = capos::layout::TcpListener;
using LS = capos::layout::TcpSocket;

// The accepted socket travels as cap 0 beside the message; the peer comes
// from the kernel's TCP state, never from anything the peer sent.
void set_accept_results(wire::StructBuilder& r, const tcp::Conn* c) {
  uint32_t address = 0;
  uint16_t port = 0;
  tcp::peer(c, &address, &port);
  r.set(LL::AcceptResults::kSocketCap, uint16_t(0));
  r.set(LL::AcceptResults::kPeerAddress, address);
  r.set(LL::AcceptResults::kPeerPort, port);
}

// A parked CALL: where its answer goes once the connection can progress.
struct Waiter {
  Process* process = nullptr;  // null: nobody waits
  uint64_t user_data = 0;
  uint64_t result_addr = 0;
  uint32_t result_cap = 0;
  uint32_t max = 0;          // recv: bytes wanted
  uint64_t deadline_ns = 0;  // recv: 0 = none
  uint8_t* data = nullptr;   // send: bytes not yet taken (kheap)
  uint32_t len = 0;

  void park(const CallCtx& ctx) {
    process = ctx.caller;
    user_data = ctx.user_data;
    result_addr = ctx.result_addr;
    result_cap = ctx.result_cap;
  }
  void clear() {
    kheap::free(data);
    *this = Waiter();
  }
};

alignas(16) uint8_t scratch[abi::kMaxMessageBytes + 64];

// Completes a parked CALL with a results message (and optional caps).
void finish(Waiter& w, abi::Error err, const uint8_t* msg, uint32_t len, cap::Entry* caps = nullptr,
            uint16_t ncaps = 0) {
  Process* p = w.process;
  uint64_t ud = w.user_data;
  uint32_t desc_off = (len + 7) & ~7u;
  uint32_t need = desc_off + 16 * ncaps;
  if (err == abi::Error::kOk && need > w.result_cap) err = abi::Error::kResultTooSmall;
  if (err == abi::Error::kOk && ncaps) {
    if (msg != scratch) memcpy(scratch, msg, len);
    memset(scratch + len, 0, desc_off - len);
    err = xfer::install(p, caps, ncaps, reinterpret_cast<abi::CapDescriptor*>(scratch + desc_off));
    msg = scratch;
  } else if (ncaps) {
    xfer::drop(caps, ncaps);
  }
  if (err == abi::Error::kOk && need) err = usercopy::to_user(&p->as, w.result_addr, msg, need);
  w.clear();
  ring::complete_async(p, ud, err, err == abi::Error::kOk ? len : 0, ncaps);
}

// Sockets and listeners receive network events through this interface.
class Sink {
 public:
  virtual void on_event(uint32_t events) = 0;
  Sink* next_sink = nullptr;  // registry, for deadlines and process exit
  Sink* prev_sink = nullptr;
  virtual void drop(Process* p) = 0;
  virtual void tick(uint64_t now) {}

 protected:
  ~Sink() = default;
};
Sink* sinks = nullptr;

void link(Sink* s) {
  s->next_sink = sinks;
  if (sinks) sinks->prev_sink = s;
  sinks = s;
}
void unlink(Sink* s) {
  if (s->prev_sink)
    s->prev_sink->next_sink = s->next_sink;
  else
    sinks = s->next_sink;
  if (s->next_sink) s->next_sink->prev_sink = s->prev_sink;
}

class TcpSocket final : public Object, public Sink {
 public:
  explicit TcpSocket(tcp::Conn* c) : conn_(c) {
    count_object(1);
    tcp::set_owner(c, static_cast<Sink*>(this));
    link(this);
  }
  uint64_t interface_id() const override { return LS::kId; }

  abi::Error call(CallCtx& ctx) override {
    wire::Message msg;
    wire::StructReader root;
    abi::Error err = open_params(ctx, msg, &root);
    if (err != abi::Error::kOk) return err;
    switch (ctx.method) {
      case LS::kRecv: {
        if (!conn_) return abi::Error::kDisconnected;
        if (recv_.process) return abi::Error::kBusy;
        uint32_t max = root.get(LS::RecvParams::kMaxBytes);
        uint32_t timeout = root.get(LS::RecvParams::kTimeoutMs);
        if (max == 0) return abi::Error::kBadLength;
        recv_.park(ctx);
        recv_.max = max;
        recv_.deadline_ns = timeout ? clock::now_ns() + uint64_t(timeout) * 1000000 : 0;
        if (try_recv(&ctx)) return ctx_status_;
        ctx.pending = true;
        return abi::Error::kOk;
      }
      case LS::kSend: {
        if (!conn_) return abi::Error::kDisconnected;
        if (send_.process) return abi::Error::kBusy;
        const uint8_t* data;
        uint32_t len;
        root.data(LS::SendParams::kData, &data, &len);
        if (!msg.ok()) return abi::Error::kMalformedMessage;
        size_t took = 0;
        tcp::Status st = tcp::send(conn_, data, len, &took);
        if (st != tcp::Status::kOk && st != tcp::Status::kWouldBlock) return error_of(st);
        if (took || len == 0) return sent_result(ctx, uint32_t(took));
        send_.park(ctx);  // no room at all: wait for kWritable
        send_.data = static_cast<uint8_t*>(kheap::alloc(len));
        if (!send_.data) {
          send_ = Waiter();
          return abi::Error::kNoMemory;
        }
        memcpy(send_.data, data, len);
        send_.len = len;
        ctx.pending = true;
        return abi::Error::kOk;
      }
      case LS::kShutdown: {
        if (!conn_) return abi::Error::kDisconnected;
        tcp::Status st = tcp::shutdown(conn_, root.get(LS::ShutdownParams::kRead),
                                       root.get(LS::ShutdownParams::kWrite));
        if (st != tcp::Status::kOk) return error_of(st);
        return empty_result(ctx);
      }
      case LS::kClose:
        close_conn(false);
        return empty_result(ctx);
      default:
        return abi::Error::kBadMethod;
    }
  }

  void on_event(uint32_t events) override {
    if (recv_.process && (events & (tcp::kReadable | tcp::kError))) try_recv(nullptr);
    if (send_.process && (events & (tcp::kWritable | tcp::kError))) try_send();
  }

  void drop(Process* p) override {
    if (recv_.process == p) recv_.clear();
    if (send_.process == p) send_.clear();
  }

  void tick(uint64_t now) override {
    if (recv_.process && recv_.deadline_ns && recv_.deadline_ns <= now) {
      finish(recv_, abi::Error::kTimedOut, nullptr, 0);
    }
  }

 protected:
  void destroy() override {
    close_conn(true);
    unlink(this);
    count_object(-1);
    kdelete(this);
  }

 private:
  static abi::Error error_of(tcp::Status st) {
    switch (st) {
      case tcp::Status::kReset:
      case tcp::Status::kAborted:
        return abi::Error::kReset;
      case tcp::Status::kClosed:
        return abi::Error::kDisconnected;
      case tcp::Status::kNoMemory:
        return abi::Error::kNoMemory;
      default:
        return abi::Error::kBadLength;
    }
  }

  abi::Error sent_result(CallCtx& ctx, uint32_t n) {
    wire::MessageBuilder b(ctx.result, ctx.result_cap);
    wire::StructBuilder r;
    b.initRoot<LS::SendResults>(&r);
    r.set(LS::SendResults::kAccepted, n);
    return finish_result(ctx, b);
  }

  // Tries to answer the parked recv; with `ctx` (the CALL itself) the
  // answer goes into the call's own result, else to the parked waiter.
  bool try_recv(CallCtx* ctx) {
    uint32_t room = recv_.result_cap > 48 ? recv_.result_cap - 48 : 0;
    uint32_t want = recv_.max < room ? recv_.max : room;
    if (want > abi::kMaxMessageBytes - 64) want = abi::kMaxMessageBytes - 64;
    static uint8_t data[abi::kMaxMessageBytes];
    size_t got = 0;
    tcp::Status st = want ? tcp::recv(conn_, data, want, &got) : tcp::Status::kOk;
    if (st == tcp::Status::kWouldBlock) return false;
    bool eof = st == tcp::Status::kEof || st == tcp::Status::kClosed;
    abi::Error err = (st == tcp::Status::kOk || eof) ? abi::Error::kOk : error_of(st);
    if (want == 0) err = abi::Error::kResultTooSmall;
    uint8_t* out = ctx ? ctx->result : scratch;
    uint32_t cap = ctx ? ctx->result_cap : sizeof(scratch);
    wire::MessageBuilder b(out, cap);
    wire::StructBuilder r;
    b.initRoot<LS::RecvResults>(&r);
    r.setData(LS::RecvResults::kData, data, uint32_t(got));
    r.set(LS::RecvResults::kEof, eof);
    size_t len = 0;
    if (err == abi::Error::kOk && b.finish(&len) != wire::Status::kOk)
      err = abi::Error::kResultTooSmall;
    if (ctx) {
      recv_ = Waiter();
      ctx->result_len = err == abi::Error::kOk ? uint32_t(len) : 0;
      ctx_status_ = err;
      return true;
    }
    finish(recv_, err, scratch, uint32_t(len));
    return true;
  }

  void try_send() {
    size_t took = 0;
    tcp::Status st = tcp::send(conn_, send_.data, send_.len, &took);
    if (st == tcp::Status::kWouldBlock || (st == tcp::Status::kOk && took == 0)) return;
    if (st != tcp::Status::kOk) return finish(send_, error_of(st), nullptr, 0);
    wire::MessageBuilder b(scratch, sizeof(scratch));
    wire::StructBuilder r;
    b.initRoot<LS::SendResults>(&r);
    r.set(LS::SendResults::kAccepted, uint32_t(took));
    size_t len = 0;
    b.finish(&len);
    finish(send_, abi::Error::kOk, scratch, uint32_t(len));
  }

  void close_conn(bool abort_if_unread) {
    if (!conn_) return;
    if (recv_.process) finish(recv_, abi::Error::kDisconnected, nullptr, 0);
    if (send_.process) finish(send_, abi::Error::kDisconnected, nullptr, 0);
    tcp::close(conn_);  // FIN, or RST when unread input remains
    conn_ = nullptr;
    (void)abort_if_unread;
  }

  tcp::Conn* conn_;
  Waiter recv_, send_;
  abi::Error ctx_status_ = abi::Error::kOk;
};

class TcpListener final : public Object, public Sink {
 public:
  explicit TcpListener(tcp::Listener* l) : l_(l) {
    count_object(1);
    tcp::set_owner(l, static_cast<Sink*>(this));
    link(this);
  }
  uint64_t interface_id() const override { return LL::kId; }

  abi::Error call(CallCtx& ctx) override {
    switch (ctx.method) {
      case LL::kAccept: {
        if (!l_) return abi::Error::kDisconnected;
        if (accept_.process) return abi::Error::kBusy;
        if (tcp::Conn* c = tcp::accept(l_)) {
          TcpSocket* s = make_socket(c);
          if (!s) return abi::Error::kNoMemory;
          wire::MessageBuilder b(ctx.result, ctx.result_cap);
          wire::StructBuilder r;
          b.initRoot<LL::AcceptResults>(&r);
          set_accept_results(r, c);
          abi::Error err = finish_result(ctx, b);
          return_cap(ctx, s, kDefaultRights);
          return err;
        }
        accept_.park(ctx);
        ctx.pending = true;
        return abi::Error::kOk;
      }
      case LL::kClose:
        close_listener();
        return empty_result(ctx);
      default:
        return abi::Error::kBadMethod;
    }
  }

  void on_event(uint32_t events) override {
    if (!accept_.process || !(events & tcp::kAccept) || !l_) return;
    tcp::Conn* c = tcp::accept(l_);
    if (!c) return;
    TcpSocket* s = make_socket(c);
    if (!s) return finish(accept_, abi::Error::kNoMemory, nullptr, 0);
    wire::MessageBuilder b(scratch, sizeof(scratch));
    wire::StructBuilder r;
    b.initRoot<LL::AcceptResults>(&r);
    set_accept_results(r, c);
    size_t len = 0;
    b.finish(&len);
    s->ref(kDefaultRights);
    cap::Entry e{s, s->interface_id(), kDefaultRights, 0};
    finish(accept_, abi::Error::kOk, scratch, uint32_t(len), &e, 1);
  }

  void drop(Process* p) override {
    if (accept_.process == p) accept_.clear();
  }

 protected:
  void destroy() override {
    close_listener();
    unlink(this);
    count_object(-1);
    kdelete(this);
  }

 private:
  static TcpSocket* make_socket(tcp::Conn* c) {
    auto* s = static_cast<TcpSocket*>(kheap::alloc(sizeof(TcpSocket)));
    if (!s) {
      tcp::abort(c);
      return nullptr;
    }
    return new (s) TcpSocket(c);
  }

  void close_listener() {
    if (!l_) return;
    if (accept_.process) finish(accept_, abi::Error::kDisconnected, nullptr, 0);
    tcp::close(l_);
    l_ = nullptr;
  }

  tcp::Listener* l_;
  Waiter accept_;
};

void notify(void* owner, uint32_t events) {
  if (owner) static_cast<Sink*>(owner)->on_event(events);
}

}  // namespace

TcpListenAuthority::TcpListenAuthority(uint16_t port) : port_(port) {
  count_object(1);
}

uint64_t TcpListenAuthority::interface_id() const {
  return LA::kId;
}

void TcpListenAuthority::destroy() {
  count_object(-1);
  kdelete(this);
}

abi::Error TcpListenAuthority::call(CallCtx& ctx) {
  wire::Message msg;
  wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  if (ctx.method == LA::kPort) {
    wire::MessageBuilder b(ctx.result, ctx.result_cap);
    wire::StructBuilder r;
    b.initRoot<LA::PortResults>(&r);
    r.set(LA::PortResults::kPort, port_);
    return finish_result(ctx, b);
  }
  if (ctx.method != LA::kListen) return abi::Error::kBadMethod;
  if (root.get(LA::ListenParams::kPort) != port_) return abi::Error::kDenied;
  uint32_t backlog = root.get(LA::ListenParams::kBacklog);
  if (backlog == 0 || backlog > tcp::kMaxBacklog) return abi::Error::kBadLength;
  tcp::Listener* l = nullptr;
  switch (tcp::listen(port_, backlog, tcp::kDefaultReapMs, &l)) {
    case tcp::Status::kOk:
      break;
    case tcp::Status::kInUse:
      return abi::Error::kBusy;
    case tcp::Status::kNoNetwork:
      return abi::Error::kNotFound;
    case tcp::Status::kNoMemory:
      return abi::Error::kNoMemory;
    default:
      return abi::Error::kBadLength;
  }
  auto* obj = static_cast<TcpListener*>(kheap::alloc(sizeof(TcpListener)));
  if (!obj) {
    tcp::close(l);
    return abi::Error::kNoMemory;
  }
  new (obj) TcpListener(l);
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder r;
  b.initRoot<LA::ListenResults>(&r);
  r.set(LA::ListenResults::kListenerCap, uint16_t(0));
  err = finish_result(ctx, b);
  return_cap(ctx, obj, kDefaultRights);
  return err;
}

}  // namespace kobj

namespace tcpcap {

void init() {
  net::tcp::set_notify(kobj::notify);
}

void tick() {
  uint64_t now = clock::now_ns();
  for (kobj::Sink* s = kobj::sinks; s;) {
    kobj::Sink* next = s->next_sink;
    s->tick(now);
    s = next;
  }
}

void drop_process(Process* p) {
  for (kobj::Sink* s = kobj::sinks; s; s = s->next_sink) s->drop(p);
}

}  // namespace tcpcap
