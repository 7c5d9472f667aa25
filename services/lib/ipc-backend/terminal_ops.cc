// IpcBackend's terminals: one terminal_host::TerminalSet per session that
// uses them (every rule is there), its shells in the ShellPool, and the
// hand-over to the front end. The set's Effects never call back into it:
// what they cannot do at once (a shell that could not be started) waits
// in the box until the set call returns.
#include <stdlib.h>
#include <string.h>
#include <new>

#include "services/lib/ipc-backend/ipc_backend.h"
#include "services/lib/terminal-host/terminal_set.h"

namespace ipc_backend {

namespace rs = remote_session;
namespace th = terminal_host;

// Reads that waited and now have their answer, until the front end takes
// them. The core lets a session have at most this many calls outstanding,
// so the set never parks more (Limits::max_parked_reads).
inline constexpr uint32_t kMaxReadyReads = 4;

struct IpcBackend::TerminalBox final : th::Effects, th::RingStorage {
  TerminalBox(IpcBackend& b, uint32_t slot, const th::Limits& limits)
      : backend(b), slot(slot), set(*this, *this, limits) {}

  // th::RingStorage: the rings are the only big allocations.
  uint8_t* Acquire(size_t bytes) override { return static_cast<uint8_t*>(malloc(bytes)); }
  void Release(uint8_t* storage, size_t) override { free(storage); }

  // th::Effects
  void SpawnShell(uint32_t terminal_id, uint16_t, uint16_t) override {
    Slot& s = backend.slots_[slot];
    abi::Sqe sqe;
    int shell = backend.shells_.Prepare(backend.caps_.worker, s.cell, slot, backend.Handle(slot),
                                        terminal_id, &sqe);
    if (shell < 0 || !backend.calls_.Submit(sqe)) {
      if (shell >= 0) backend.shells_.Stop(uint32_t(shell));
      if (failed_count < terminal::kMaxTerminals) failed[failed_count++] = terminal_id;
      backend.log_.Printf("terminal: no shell for term-%u (%u of %u running)\n", terminal_id,
                          backend.shells_.live(), kMaxShells);
    }
  }
  void StopShell(uint32_t terminal_id) override {
    int shell = backend.shells_.Find(backend.Handle(slot), terminal_id);
    if (shell >= 0) backend.shells_.Stop(uint32_t(shell));
  }
  void AnswerInput(uint32_t terminal_id, const uint8_t* bytes, size_t len, uint16_t cols,
                   uint16_t rows, bool resized, bool closing) override {
    int shell = backend.shells_.Find(backend.Handle(slot), terminal_id);
    if (shell >= 0)
      backend.shells_.AnswerInput(uint32_t(shell), bytes, len, cols, rows, resized, closing);
  }
  void AnswerOutput(uint32_t terminal_id) override {
    int shell = backend.shells_.Find(backend.Handle(slot), terminal_id);
    if (shell >= 0) backend.shells_.AnswerOutput(uint32_t(shell));
  }
  void CompleteRead(uint32_t call_tag, const rs::TerminalReply& reply) override {
    if (ready_count == kMaxReadyReads) return;  // the core bounds them; never here
    Ready& r = ready[ready_count++];
    r.tag = call_tag;
    r.reply = reply;
    r.len = reply.bytes_len < sizeof(r.bytes) ? reply.bytes_len : sizeof(r.bytes);
    if (r.len > 0) memcpy(r.bytes, reply.bytes, r.len);
    r.reply.bytes = nullptr;
  }

  // Shells that could not be started: told to the set after its call.
  void Flush() {
    while (failed_count > 0) set.ShellStarted(failed[--failed_count], false, backend.now_ms_);
  }

  struct Ready {
    uint32_t tag = 0;
    rs::TerminalReply reply;
    size_t len = 0;
    uint8_t bytes[th::kReadBufferBytes];
  };

  IpcBackend& backend;
  uint32_t slot;
  th::TerminalSet set;
  uint32_t failed[terminal::kMaxTerminals] = {};
  uint32_t failed_count = 0;
  Ready ready[kMaxReadyReads];
  uint32_t ready_count = 0;
  uint8_t taken[th::kReadBufferBytes];  // the bytes of the last TakeTerminalRead
  // Shells whose request waits for the core (ShellPool index bits).
  uint32_t requests = 0;
};

IpcBackend::TerminalBox* IpcBackend::Terminals(uint32_t i) {
  Slot& s = slots_[i];
  if (s.terminals != nullptr || !s.live || s.ending) return s.terminals;
  void* mem = aligned_alloc(alignof(TerminalBox), (sizeof(TerminalBox) + 15) & ~size_t{15});
  if (mem == nullptr) return nullptr;
  th::Limits limits;
  limits.grace_ms = terminal_grace_ms_;
  limits.max_parked_reads = kMaxReadyReads;
  s.terminals = new (mem) TerminalBox(*this, i, limits);
  ++terminal_slots_;
  return s.terminals;
}

void IpcBackend::EndTerminals(uint32_t i) {
  TerminalBox* box = slots_[i].terminals;
  if (box == nullptr) return;
  box->set.EndAll(now_ms_);
  // The shells are being stopped; their late CQEs find no box and go.
  for (uint32_t k = 0; k < kMaxShells; ++k) {
    if ((box->requests & (1u << k)) != 0) shells_.Refuse(k, abi::Error::kDisconnected);
  }
  box->~TerminalBox();
  free(box);
  slots_[i].terminals = nullptr;
  --terminal_slots_;
}

rs::BackendStatus IpcBackend::CallTerminal(rs::BackendSession session, uint32_t call_tag,
                                           const rs::TerminalRequest& request,
                                           rs::TerminalReply* out) {
  uint32_t i = 0;
  Slot* s = Find(session, &i);
  if (s == nullptr || !s->live || s->ending) return rs::BackendStatus::kStale;
  TerminalBox* box = Terminals(i);
  if (box == nullptr) return rs::BackendStatus::kBoundExceeded;
  th::Outcome o = box->set.Call(request, call_tag, now_ms_, out);
  box->Flush();
  return o == th::Outcome::kPending ? rs::BackendStatus::kPending : rs::BackendStatus::kOk;
}

uint64_t IpcBackend::OnShellCqe(const abi::Cqe& cqe) {
  if (ShellPool::IsLaunch(cqe.user_data)) calls_.Completed();
  ShellEvent ev = shells_.OnCqe(cqe);
  if (ev.kind == ShellEvent::kNone) return 0;
  Slot* s = Find(ev.key);
  TerminalBox* box = s != nullptr ? s->terminals : nullptr;
  if (box == nullptr) {
    // Its session has ended: the shell is being stopped anyway.
    if (ev.kind == ShellEvent::kCall) shells_.Refuse(ev.shell, abi::Error::kDisconnected);
    if (ev.kind == ShellEvent::kStarted) shells_.Stop(ev.shell);
    return 0;
  }
  th::ShellAnswer answer = th::ShellAnswer::kParked;
  switch (ev.kind) {
    case ShellEvent::kStarted:
      box->set.ShellStarted(ev.terminal_id, ev.ok, now_ms_);
      break;
    case ShellEvent::kExited:
      box->set.ShellExited(ev.terminal_id, now_ms_);
      break;
    case ShellEvent::kCall:
      if (ev.call == ShellCall::kInput) {
        answer = box->set.ShellInput(ev.terminal_id, ev.wait_ms, now_ms_);
      } else if (ev.call == ShellCall::kOutput) {
        answer = box->set.ShellOutput(ev.terminal_id, ev.params, ev.params_len, now_ms_);
      } else {
        box->requests |= 1u << ev.shell;  // the front end feeds it to the core
      }
      break;
    default:
      break;
  }
  if (answer == th::ShellAnswer::kGone) shells_.Refuse(ev.shell, abi::Error::kDisconnected);
  if (answer == th::ShellAnswer::kRefused) shells_.Refuse(ev.shell, abi::Error::kMalformedMessage);
  box->Flush();
  return s->connection_event;
}

bool IpcBackend::TakeTerminalRead(uint64_t event, uint32_t* tag, rs::TerminalReply* reply) {
  if (terminal_slots_ == 0) return false;
  for (Slot& s : slots_) {
    if (!s.used || s.connection_event != event || s.terminals == nullptr) continue;
    TerminalBox& box = *s.terminals;
    if (box.ready_count == 0) return false;
    TerminalBox::Ready& r = box.ready[0];
    *tag = r.tag;
    *reply = r.reply;
    memcpy(box.taken, r.bytes, r.len);
    reply->bytes = box.taken;
    reply->bytes_len = r.len;
    for (uint32_t k = 1; k < box.ready_count; ++k) box.ready[k - 1] = box.ready[k];
    --box.ready_count;
    return true;
  }
  return false;
}

bool IpcBackend::TakeShellRequest(uint64_t event, rs::Session::Via* via, const uint8_t** message,
                                  size_t* len) {
  if (terminal_slots_ == 0) return false;
  for (Slot& s : slots_) {
    if (!s.used || s.connection_event != event || s.terminals == nullptr) continue;
    TerminalBox& box = *s.terminals;
    for (uint32_t k = 0; k < kMaxShells; ++k) {
      if ((box.requests & (1u << k)) == 0) continue;
      box.requests &= ~(1u << k);
      bool quiet = false;
      if (!shells_.TakenRequest(k, message, len, &quiet)) continue;
      via->origin = kShellOriginBit | ((shells_.generation(k) & 0x7fffff) << 8) | k;
      via->from_shell = true;
      via->quiet = quiet;
      return true;
    }
    return false;
  }
  return false;
}

void IpcBackend::AnswerShell(uint32_t origin, const uint8_t* frame, size_t len) {
  uint32_t k = origin & 0xff;
  if (!IsShellOrigin(origin) || k >= kMaxShells || !shells_.used(k) ||
      (shells_.generation(k) & 0x7fffff) != ((origin >> 8) & 0x7fffff))
    return;
  // The shell gets the message; the length prefix is the DTO transport's.
  if (len < 4) return (void)shells_.Refuse(k, abi::Error::kMalformedMessage);
  shells_.AnswerRequest(k, frame + 4, len - 4);
}

bool IpcBackend::TickTerminals() {
  bool any = false;
  if (terminal_slots_ == 0) return false;
  for (Slot& s : slots_) {
    if (!s.used || s.terminals == nullptr) continue;
    s.terminals->set.Tick(now_ms_);
    s.terminals->Flush();
    any = true;
  }
  return any;
}

uint64_t IpcBackend::NextTerminalDeadlineMs() const {
  uint64_t next = 0;
  if (terminal_slots_ == 0) return 0;
  for (const Slot& s : slots_) {
    if (!s.used || s.terminals == nullptr) continue;
    uint64_t d = s.terminals->set.NextDeadlineMs();
    if (d != UINT64_MAX && (next == 0 || d < next)) next = d;
  }
  return next;
}

uint64_t IpcBackend::TerminalGraceMs(uint64_t event) const {
  if (terminal_slots_ == 0) return 0;
  for (const Slot& s : slots_) {
    if (s.used && s.connection_event == event && s.terminals != nullptr &&
        s.terminals->set.live_count() > 0)
      return terminal_grace_ms_;
  }
  return 0;
}

}  // namespace ipc_backend
