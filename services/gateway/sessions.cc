// The gateway's sessions (conn_loop.h): cores that connections join by
// resume ticket, answers routed back to whoever asked, and the end or
// parking of a session when its last connection goes.
#include <stdlib.h>
#include <string.h>
#include <new>

#include "libcaprt/runtime/clients/kernel_caps.h"
#include "services/gateway/conn.h"
#include "services/gateway/conn_loop.h"

namespace gateway {

bool Tickets::Mint(uint8_t* out) {
  return caprt::RandomBytes(entropy_, out, rs::kResumeTicketBytes).ok();
}

Sess* Loop::NewSess(const rs::ConnectionInfo& info) {
  uint32_t k = 0;
  while (k < kMaxSess && sess_[k] != nullptr) ++k;
  if (k == kMaxSess) return nullptr;
  void* mem = aligned_alloc(alignof(Sess), (sizeof(Sess) + 15) & ~size_t{15});
  if (mem == nullptr) return nullptr;
  rs::SharedBounds shared{&logins_, &cap_holders_, &sources_, tickets_};
  sess_[k] = new (mem) Sess(backend_, shared, info, limits_);
  return sess_[k];
}

int Loop::ConnIndex(uint32_t origin) const {
  for (uint32_t i = 0; i < kSlots; ++i) {
    if (conns_[i] != nullptr && !conns_[i]->dying && conns_[i]->origin == origin) return int(i);
  }
  return -1;
}

bool Loop::AllRoom(const Sess& s) const {
  for (Conn* c : conns_) {
    if (c != nullptr && !c->dying && c->sess == &s && !c->Room()) return false;
  }
  return true;
}

void Loop::Emit(Sess& s, const rs::Output& o, int fallback) {
  if (IpcBackend::IsShellOrigin(o.origin)) {
    if (o.length != 0) backend_.AnswerShell(o.origin, staging_, o.length);  // else: pending
    return;
  }
  int to = o.origin != 0 ? ConnIndex(o.origin) : fallback;
  // Whoever asked is gone (or never was): the answer has nobody to go to.
  if (to < 0 || conns_[to]->sess != &s) return;
  Conn& c = *conns_[to];
  if (o.length != 0 && o.length <= sizeof(c.out) - c.out_tail) {
    memcpy(c.out + c.out_tail, staging_, o.length);
  }
  c.Append(o, NowMs());
}

void Loop::Join(uint32_t i) {
  Conn& c = *conns_[i];
  Sess& own = *c.sess;
  uint64_t now = NowMs();
  Sess* target = nullptr;
  for (Sess* s : sess_) {
    if (s != nullptr && s != &own && s->core.TicketMatches(own.core.resume_ticket())) target = s;
  }
  if (target == nullptr) {
    Emit(own, own.core.ResumeRefused(own.core.resume_request_id(), now, staging_, sizeof(staging_)),
         int(i));
    return PumpConn(i);
  }
  uint32_t request_id = own.core.resume_request_id();
  c.sess = target;
  ++target->conns;
  if (target->park_until_ms != 0) {
    target->park_until_ms = 0;
    console_.Printf("session event=%llu resumed by event=%llu\n", (unsigned long long)target->event,
                    (unsigned long long)c.event);
  } else {
    console_.Printf("session event=%llu joined by event=%llu (%u connections)\n",
                    (unsigned long long)target->event, (unsigned long long)c.event, target->conns);
  }
  // Its own core never logged in: nothing of it outlives the join.
  if (--own.conns == 0) EndSess(&own, "joined another session");
  Emit(*target, target->core.Resumed(request_id, c.origin, now, staging_, sizeof(staging_)),
       int(i));
  Pump(*target);
}

void Loop::Leave(uint32_t i) {
  Sess* s = conns_[i]->sess;
  if (s == nullptr || s->conns == 0 || --s->conns != 0) return;
  uint64_t grace = backend_.TerminalGraceMs(s->event);
  if (s->core.state() == rs::SessionState::kAuthenticated && grace != 0) {
    s->park_until_ms = NowMs() + grace;
    console_.Printf("session event=%llu parked: live terminals, %llu s to resume\n",
                    (unsigned long long)s->event, (unsigned long long)(grace / 1000));
    return;
  }
  EndSess(s, "last connection gone");
}

void Loop::EndSess(Sess* s, const char* why) {
  uint32_t k = 0;
  while (k < kMaxSess && sess_[k] != s) ++k;
  if (k == kMaxSess) return;
  // Logs the session out, stops its workers and terminals, and cancels its
  // relays; answers already back are dropped with it.
  s->core.Disconnect(NowMs());
  backend_.relays().DropEvent(s->event);
  backend_.Forget(s->event);
  if (s->park_until_ms != 0) {
    console_.Printf("session event=%llu ended: %s\n", (unsigned long long)s->event, why);
  }
  // No connection points at it (conns == 0), and nothing below the caller
  // holds it: the core is never used again.
  s->~Sess();
  free(s);
  sess_[k] = nullptr;
}

}  // namespace gateway
