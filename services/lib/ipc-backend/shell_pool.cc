#include "services/lib/ipc-backend/shell_pool.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/kernel.capnp.layout.h"
#include "layout/launcher.capnp.layout.h"
#include "layout/terminal.capnp.layout.h"
#include "libcaprt/runtime/async.h"
#include "libcaprt/runtime/clients/kernel_caps.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/launcher.capnp.h"
#include "schema/terminal.capnp.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
using Host = capos::schema::ShellHost;
using Launcher = capos::schema::RestrictedLauncher;

constexpr uint64_t kShellMark = 1ull << 58;
constexpr uint64_t kOtherMarks = (0x1full << 59);

// One answer encoded at a time (single-threaded); RETURN copies it at once.
alignas(8) uint8_t answer_buf[Host::MAX_INPUT_BYTES + 256];
alignas(8) uint8_t big[Host::MIN_RESULT_BYTES + 256];

// The launch's ProcessHandle, or false (a transport error, a denial, a
// reply without the cap). Never touches a cap it did not get.
bool Launched(const abi::Cqe& cqe, const void* reply, caprt::Cap* handle) {
  if (cqe.status != 0) return false;
  bool launched = false;
  uint16_t index = 0;
  caprt::Status s = caprt::DecodeRoot<Launcher::LaunchResults>(
      reply, cqe.result_len, [&](Launcher::LaunchResults::Reader r) {
        if (!r.getResult().isLaunched()) return;
        launched = true;
        index = r.getResult().getLaunched().getHandleCap();
      });
  if (!s.ok() || !launched) return false;
  caprt::Reply rep;
  rep.len = cqe.result_len;
  rep.caps = uint16_t(cqe.aux);
  caprt::Result<caprt::Cap> cap = caprt::ReplyCap(reply, rep, index);
  if (!cap.ok()) return false;
  *handle = cap.value();
  return true;
}

}  // namespace

bool ShellPool::Owns(uint64_t user_data) {
  return (user_data & kShellMark) != 0 && (user_data & kOtherMarks) == 0;
}

bool ShellPool::IsLaunch(uint64_t user_data) {
  return Owns(user_data) && ((user_data >> 48) & 0xf) == kLaunch;
}

uint64_t ShellPool::Tag(uint32_t i, Op op) const {
  return kShellMark | (uint64_t(op) << 48) | (uint64_t(slots_[i].generation & 0xffffff) << 8) | i;
}

int ShellPool::Find(uint64_t key, uint32_t terminal_id) const {
  for (uint32_t i = 0; i < kMaxShells; ++i) {
    const Slot& s = slots_[i];
    if (s.used && !s.stopped && s.key == key && s.terminal_id == terminal_id) return int(i);
  }
  return -1;
}

uint32_t ShellPool::live() const {
  uint32_t n = 0;
  for (const Slot& s : slots_) n += s.used && s.running ? 1 : 0;
  return n;
}

int ShellPool::Prepare(const WorkerCaps& caps, const caprt::Cap& cell, uint32_t owner, uint64_t key,
                       uint32_t terminal_id, abi::Sqe* sqe) {
  uint32_t i = 0;
  while (i < kMaxShells && slots_[i].used) ++i;
  if (i == kMaxShells) return -1;
  caprt::Result<caprt::EndpointPair> ep =
      caprt::CreateEndpoint(caps.factory, L::ShellHost::kId, false);
  if (!ep.ok()) return -1;
  Slot& s = slots_[i];
  uint32_t generation = s.generation + 1;
  s = Slot();
  s.generation = generation;
  // The shell's one grant: the client facet, moved to it. The launcher
  // needs the transfer right to hand it on (as with a chat worker's Chat).
  const uint32_t pass = abi::kRightCall | abi::kRightTransfer;
  LaunchGrant host{"host", ep.value().client, pass, abi::TransferMode::kMove};
  LaunchSpec spec{kShellProfile, kShellBinary, "shell", &host, 1, "", 0, &cell};
  uint32_t len = EncodeLaunch(spec, "", s.params, sizeof(s.params));
  if (len == 0) {
    caprt::Release(ep.value().owner);
    caprt::Release(ep.value().client);
    return -1;
  }
  s.used = true;
  s.launching = true;
  s.owner = owner;
  s.key = key;
  s.terminal_id = terminal_id;
  s.endpoint = ep.value().owner;
  s.caps[0] = caprt::Send(ep.value().client, pass, abi::TransferMode::kMove);
  s.caps[1] = caprt::Send(cell, abi::kRightCall | abi::kRightBind | abi::kRightTransfer);
  *sqe = caprt::CallSqe(caps.launcher, L::RestrictedLauncher::kLaunch, s.params, len, s.reply,
                        sizeof(s.reply), Tag(i, kLaunch));
  sqe->timeout_ms = kLaunchTimeoutMs;
  sqe->caps_count = 2;
  sqe->aux = reinterpret_cast<uint64_t>(s.caps);
  return int(i);
}

void ShellPool::PostRecv(uint32_t i) {
  Slot& s = slots_[i];
  if (s.recv_posted || s.taken || !s.running) return;
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  sqe.slot = s.endpoint.slot;
  sqe.generation = s.endpoint.generation;
  sqe.user_data = Tag(i, kRecv);
  sqe.result_addr = reinterpret_cast<uint64_t>(s.recv);
  sqe.result_cap = sizeof(s.recv);
  caprt::async::Submit(sqe);
  s.recv_posted = true;
}

void ShellPool::PostWait(uint32_t i) {
  Slot& s = slots_[i];
  caprt::async::Submit(caprt::CallSqe(s.handle, L::ProcessHandle::kWait, nullptr, 0, s.wait_reply,
                                      sizeof(s.wait_reply), Tag(i, kWait)));
  s.wait_posted = true;
}

ShellEvent ShellPool::OnCqe(const abi::Cqe& cqe) {
  ShellEvent ev;
  uint32_t i = static_cast<uint32_t>(cqe.user_data & 0xff);
  Op op = static_cast<Op>((cqe.user_data >> 48) & 0xf);
  if (i >= kMaxShells || !slots_[i].used || cqe.user_data != Tag(i, op)) return ev;
  Slot& s = slots_[i];
  ev.shell = i;
  ev.owner = s.owner;
  ev.key = s.key;
  ev.terminal_id = s.terminal_id;
  switch (op) {
    case kLaunch: {
      s.launching = false;
      bool ok = Launched(cqe, s.reply, &s.handle);
      ev.kind = ShellEvent::kStarted;
      ev.ok = ok && !s.stopped;
      if (!ok) {
        // The client facet went with the failed CALL or was never moved.
        s.stopped = true;
        MaybeFree(i);
        return ev;
      }
      s.running = true;
      PostWait(i);
      if (s.stopped) {
        Stop(i);
        return ev;
      }
      PostRecv(i);
      return ev;
    }
    case kRecv:
      s.recv_posted = false;
      if (cqe.status != 0 || s.stopped) {
        MaybeFree(i);
        return ev;  // the endpoint went with Stop()
      }
      return Taken(i, cqe);
    case kWait:
      s.wait_posted = false;
      if (!s.stopped) ev.kind = ShellEvent::kExited;
      s.stopped = true;
      s.running = false;
      if (s.endpoint.slot != 0) caprt::Release(s.endpoint);
      s.endpoint = caprt::Cap{};
      MaybeFree(i);
      return ev;
  }
  return ev;
}

ShellEvent ShellPool::Taken(uint32_t i, const abi::Cqe& cqe) {
  Slot& s = slots_[i];
  ShellEvent ev;
  ev.shell = i;
  ev.owner = s.owner;
  ev.key = s.key;
  ev.terminal_id = s.terminal_id;
  const ShellCallView v = DecodeShellCall(s.recv, cqe.result_len);
  if (v.kind == ShellCallView::kNone) {
    PostRecv(i);
    return ev;
  }
  s.taken = true;
  s.token = v.token;
  if (v.kind == ShellCallView::kRefuse) {
    Refuse(i, v.refusal);
    return ev;
  }
  ev.kind = ShellEvent::kCall;
  ev.call = v.call;
  ev.params = v.data;
  ev.params_len = v.len;
  ev.wait_ms = v.wait_ms;
  if (v.call == ShellCall::kRequest) {
    s.request = v.data;
    s.request_len = v.len;
    s.request_quiet = v.quiet;
  }
  return ev;
}

bool ShellPool::TakenRequest(uint32_t i, const uint8_t** message, size_t* len, bool* quiet) const {
  const Slot& s = slots_[i];
  if (i >= kMaxShells || !s.used || !s.taken || s.request == nullptr) return false;
  *message = s.request;
  *len = s.request_len;
  *quiet = s.request_quiet;
  return true;
}

bool ShellPool::Return(uint32_t i, abi::Error status, const void* results, uint32_t len) {
  Slot& s = slots_[i];
  if (!s.used || !s.taken) return false;
  s.taken = false;
  s.request = nullptr;
  s.request_len = 0;
  caprt::Answer a;
  a.status = status;
  a.len = status == abi::Error::kOk ? len : 0;
  caprt::Return(s.endpoint, s.token, a, results);
  PostRecv(i);
  return true;
}

bool ShellPool::Refuse(uint32_t i, abi::Error error) {
  return Return(i, error, nullptr, 0);
}

bool ShellPool::AnswerInput(uint32_t i, const uint8_t* bytes, size_t len, uint16_t cols,
                            uint16_t rows, bool resized, bool closing) {
  capnp::MallocMessageBuilder b(len / 8 + 32);
  auto r = b.initRoot<Host::InputResults>();
  if (len > 0) r.setBytes(capnp::Data::Reader(bytes, len));
  r.setCols(cols);
  r.setRows(rows);
  r.setResized(resized);
  r.setClosing(closing);
  caprt::Result<size_t> n = caprt::SerializeTo(b, answer_buf, sizeof(answer_buf));
  if (!n.ok()) return Refuse(i, abi::Error::kMalformedMessage);
  return Return(i, abi::Error::kOk, answer_buf, static_cast<uint32_t>(n.value()));
}

bool ShellPool::AnswerOutput(uint32_t i) {
  capnp::MallocMessageBuilder b(8);
  b.initRoot<Host::OutputResults>();
  caprt::Result<size_t> n = caprt::SerializeTo(b, answer_buf, sizeof(answer_buf));
  if (!n.ok()) return Refuse(i, abi::Error::kMalformedMessage);
  return Return(i, abi::Error::kOk, answer_buf, static_cast<uint32_t>(n.value()));
}

bool ShellPool::AnswerRequest(uint32_t i, const uint8_t* response, size_t len) {
  // The Response message goes back as Data: one more copy, into a message
  // of its own (a RETURN carries one message).
  capnp::MallocMessageBuilder b(len / 8 + 16);
  b.initRoot<Host::RequestResults>().setResponse(capnp::Data::Reader(response, len));
  caprt::Result<size_t> n = caprt::SerializeTo(b, big, sizeof(big));
  if (!n.ok()) return Refuse(i, abi::Error::kResultTooSmall);
  return Return(i, abi::Error::kOk, big, static_cast<uint32_t>(n.value()));
}

void ShellPool::Stop(uint32_t i) {
  if (i >= kMaxShells || !slots_[i].used) return;
  Slot& s = slots_[i];
  s.stopped = true;
  if (s.running) {
    // The ProcessHandle is a kernel object: the kill answers at once, and
    // the wait's CQE follows; the endpoint goes then, so a call the shell
    // made meanwhile fails `disconnected`.
    alignas(8) uint8_t small[64];
    caprt::CallWith(s.handle, L::ProcessHandle::kKill, nullptr, 0, small, sizeof(small));
  }
  MaybeFree(i);
}

void ShellPool::MaybeFree(uint32_t i) {
  Slot& s = slots_[i];
  // Launching: the launch's CQE comes back here first.
  if (!s.stopped || s.launching || s.wait_posted || s.recv_posted) return;
  // Slot 0 is a real slot (another cap's): only caps this shell got go.
  if (s.handle.slot != 0) caprt::Release(s.handle);
  if (s.endpoint.slot != 0) caprt::Release(s.endpoint);
  uint32_t generation = s.generation;
  s = Slot();
  s.generation = generation;
}

}  // namespace ipc_backend
