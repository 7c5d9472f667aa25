// Kernel-internal TCP API over lwIP's raw API, for the TcpListenAuthority /
// TcpListener / TcpSocket capability objects. Non-blocking throughout: an
// operation that cannot progress returns kWouldBlock, and the notify hook
// fires when it may progress (the cap objects park their waiters and retry).
//
// Context: call only from kernel context with interrupts disabled (syscall
// path or net::poll()). The notify hook is called only from inside
// net::poll() (lwIP callbacks), never from inside one of these functions,
// so a hook may call back into this API.
//
// Ownership: a Listener is owned by whoever called listen() until close().
// A Conn is owned by its Listener until accept() returns it, then by the
// caller until close() or abort(), which free it. Pointers are never
// reused while owned; after close/abort they are dangling.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace net::tcp {

struct Listener;
struct Conn;

enum class Status : uint8_t {
  kOk,
  kWouldBlock,  // nothing to read / no send space yet: wait for an event
  kEof,         // peer sent FIN and every byte before it was read
  kReset,       // peer reset the connection
  kAborted,     // aborted locally or timed out (retransmissions, reaping)
  kClosed,      // operation on a direction already shut down
  kInUse,       // listen: port already bound
  kNoMemory,
  kNoNetwork,  // no NIC or no address
  kInvalid,
};
const char* status_name(Status s);

// Events passed to the notify hook (bit set).
enum Event : uint32_t {
  kReadable = 1,  // data, EOF or error became visible to recv()
  kWritable = 2,  // send space grew
  kError = 4,     // connection failed (reset/aborted); recv() reports which
  kAccept = 8,    // listener: a connection is ready for accept()
};
// `owner` is what set_owner() stored (nullptr if never set).
using Notify = void (*)(void* owner, uint32_t events);
void set_notify(Notify fn);

// Per-connection limits.
inline constexpr uint32_t kRxBufSize = 64 * 1024;
inline constexpr uint32_t kMaxBacklog = 64;
inline constexpr uint32_t kDefaultReapMs = 10000;

// Binds 0.0.0.0:port. `backlog` (1..kMaxBacklog) bounds connections that
// are established but not yet accepted; more are refused at SYN time.
// A pending connection not accepted within `reap_ms` is aborted (RST).
Status listen(uint16_t port, uint32_t backlog, uint32_t reap_ms, Listener** out);
void set_owner(Listener* l, void* owner);
// The oldest ready connection, or nullptr (wait for kAccept).
Conn* accept(Listener* l);
// The remote end as the SYN gave it: IPv4 a.b.c.d as a<<24|b<<16|c<<8|d.
void peer(const Conn* c, uint32_t* address, uint16_t* port);
uint32_t pending(const Listener* l);
// A listening port whose lwIP backlog (handshakes in progress plus
// connections not yet accepted) is full, or 0: lwIP drops SYNs there.
uint16_t full_backlog_port();
// Stops listening; pending connections are reset and freed.
void close(Listener* l);

void set_owner(Conn* c, void* owner);
// Copies up to `cap` buffered bytes. Buffered data is always delivered
// before kEof or an error. kOk means *got > 0.
Status recv(Conn* c, void* dst, size_t cap, size_t* got);
// Zero-copy variant: the contiguous readable span (may be shorter than
// what is buffered when the ring wraps), then consume() what was used.
// Returns 0 when nothing is buffered; then recv() tells why.
size_t peek(Conn* c, const uint8_t** data);
void consume(Conn* c, size_t n);
// Queues up to `len` bytes (copied), sets *accepted. kWouldBlock with
// *accepted == 0 when there is no send space; a kWritable event follows.
Status send(Conn* c, const void* src, size_t len, size_t* accepted);
size_t send_space(const Conn* c);
// Half-close. rd: discard further input, recv() returns kEof. wr: FIN after
// queued data.
Status shutdown(Conn* c, bool rd, bool wr);
// Graceful close (FIN; RST if unread input remains) and free.
void close(Conn* c);
// RST and free.
void abort(Conn* c);

// Reaps idle pending connections and re-signals starved senders. Called by
// net::poll().
void housekeeping(uint32_t now_ms);

}  // namespace net::tcp
