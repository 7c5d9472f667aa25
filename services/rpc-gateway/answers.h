// What turns the remote-session core's synchronous, one-at-a-time model
// into kj promises, with no I/O and no core in it (host-tested in
// answers_test.cc):
//
//   Grant    one login as the capabilities handed out through it see it:
//            every Session, CapSet and typed cap of that login holds a
//            reference and asks live() at each call; logout, a second
//            login and the connection's end Revoke() it, so a later call
//            fails "staleSession" whatever the core has become since (a
//            new login on the same connection must never answer an old
//            login's caps).
//   Turns    the order in which calls reach the core. The core takes no
//            request while it waits for the backend (Session::busy(): a
//            login's PBKDF2, a worker start, a system text, a logout) or
//            while a failed login's answer is held (Output::hold_ms);
//            calls that arrive meanwhile queue here, first come first
//            served, and the event loop never blocks.
//   Answers  the calls the core answered "pending", each waiting for the
//            Output whose origin is the call's (Request::origin, unique
//            per call): the backend's completion resolves it.
#pragma once

#include <kj/async.h>
#include <kj/function.h>
#include <kj/refcount.h>
#include <kj/vector.h>
#include <stdint.h>

namespace rpc_gateway {

// Shared by reference between the Connection (while it is the live login)
// and every cap of that login; the last reference frees it.
class Grant final : public kj::Refcounted {
 public:
  bool live() const { return live_; }
  // Irreversible; idempotent.
  void Revoke() { live_ = false; }

 private:
  bool live_ = true;
};

// What a core call came back with, owned: its Response frame (length
// prefix included) and what the transport must do once it is answered.
struct CoreAnswer {
  kj::Array<kj::byte> frame;
  bool close = false;    // end the connection after this answer
  uint64_t hold_ms = 0;  // answer only after this long (a penalized source)
  // A successful login's: made when the core answered, so a later login
  // (even one pipelined behind it) always finds it to revoke.
  kj::Own<Grant> grant;
  // A closing answer's: fulfilled once the answer is handed to rpc.c++
  // (after its hold). The connection's Abort waits for it, so the peer
  // reads the answer before the Abort; a call cancelled meanwhile drops
  // it, which rejects, and the Abort goes out all the same.
  kj::Own<kj::PromiseFulfiller<void>> released;
};

// The exception every call on a revoked capability fails with: the
// description is the fixed ErrorCode name alone (remote_rpc.capnp).
kj::Exception StaleSession();

class Turns {
 public:
  // `ready`: whether the core may take a request now (not busy, not held).
  explicit Turns(kj::Function<bool()> ready) : ready_(kj::mv(ready)) {}

  // Held while a call feeds the core; dropping it (or the promise that
  // would have carried it) hands the turn on.
  class Turn {
   public:
    explicit Turn(Turns& turns) : turns_(turns) {}
    ~Turn() { turns_.Done(); }
    KJ_DISALLOW_COPY(Turn);

   private:
    Turns& turns_;
  };

  // Resolves with the caller's turn: at once when nobody holds or waits
  // for one and the core is ready, else after everyone queued before it.
  kj::Promise<kj::Own<Turn>> Next();
  // The core may have become ready (an answer arrived, a hold ended):
  // hands the turn to the first waiter if it is.
  void Wake();
  size_t waiting() const { return waiters_.size() - head_; }

 private:
  void Done();

  kj::Function<bool()> ready_;
  bool taken_ = false;
  kj::Vector<kj::Own<kj::PromiseFulfiller<kj::Own<Turn>>>> waiters_;
  size_t head_ = 0;
};

class Answers {
 public:
  // The answer the core will give later with Output::origin == origin.
  // With a grant, RejectRevoked() fails it once the grant is revoked.
  kj::Promise<CoreAnswer> Expect(uint32_t origin, kj::Maybe<kj::Own<Grant>> grant);
  // Resolves the call with that origin; false if none waits (its caller
  // went away, or it was rejected as revoked: the answer is dropped).
  bool Deliver(uint32_t origin, CoreAnswer&& answer);
  // Fails every call whose grant is revoked with StaleSession(); returns
  // how many.
  uint32_t RejectRevoked();
  size_t waiting() const { return waiters_.size(); }

 private:
  struct Waiter {
    uint32_t origin;
    kj::Maybe<kj::Own<Grant>> grant;
    kj::Own<kj::PromiseFulfiller<CoreAnswer>> fulfiller;
  };
  void Remove(size_t i);

  kj::Vector<Waiter> waiters_;
};

}  // namespace rpc_gateway
