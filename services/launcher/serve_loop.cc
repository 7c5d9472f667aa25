#include "services/launcher/serve_loop.h"

#include "layout/launcher.capnp.layout.h"
#include "libcaprt/runtime/ipc.h"

namespace launcher {
namespace {

uint32_t Align8(uint32_t n) {
  return (n + 7) & ~7u;
}

caprt::Incoming Parse(const uint8_t* buf) {
  auto* h = reinterpret_cast<const abi::RecvHeader*>(buf);
  caprt::Incoming in;
  in.header = h;
  in.params = buf + sizeof(abi::RecvHeader);
  in.params_len = h->params_len;
  in.caps = reinterpret_cast<const abi::CapDescriptor*>(buf + sizeof(abi::RecvHeader) +
                                                        Align8(h->params_len));
  in.caps_count = h->caps_count;
  return in;
}

// The launcher keeps nothing a caller sent: grants were copied to the child.
void ReleaseSent(const caprt::Incoming& in) {
  for (uint16_t i = 0; i < in.caps_count; ++i) caprt::Release(in.cap(i).value());
}

}  // namespace

void ServeLoop::AddLauncher(const caprt::Cap& owner, Service* svc) {
  launch_.owner = owner;
  launch_.used = true;
  svc_ = svc;
}

void ServeLoop::AddControl(const caprt::Cap& owner) {
  control_.owner = owner;
  control_.used = true;
}

abi::Error ServeLoop::Post(Slot& s) {
  caprt::Ring& ring = caprt::DefaultRing();
  abi::Sqe sqe = {};
  sqe.opcode = static_cast<uint8_t>(abi::Op::kRecv);
  sqe.slot = s.owner.slot;
  sqe.generation = s.owner.generation;
  sqe.user_data = s.user_data = ring.NextUserData();
  sqe.result_addr = reinterpret_cast<uint64_t>(s.buf);
  sqe.result_cap = kRecvBytes;
  // Only two RECVs and one call at a time are ever in flight: the SQ has room.
  if (!ring.Submit(sqe)) return abi::Error::kBusy;
  s.posted = true;
  return abi::Error::kOk;
}

void ServeLoop::ServeLaunch(const caprt::Incoming& in) {
  caprt::Answer answer;
  Outcome o;
  if (in.header->method != capos::layout::RestrictedLauncher::kLaunch) {
    o.status = abi::Error::kBadMethod;
  } else {
    o = HandleLaunch(*svc_, in, out_, sizeof(out_));
  }
  answer.status = o.status;
  answer.len = o.len;
  if (o.launched) {
    // A limited profile's child is counted through the launcher's own copy
    // of its handle; any other child's handle is moved (nothing kept).
    answer.caps[0] = caprt::Send(o.handle, abi::kRightsAll,
                                 o.keep ? abi::TransferMode::kCopy : abi::TransferMode::kMove);
    answer.caps_count = 1;
  }
  caprt::Status r = caprt::Return(launch_.owner, in.header->call_token, answer, out_);
  if (o.launched && !r.ok()) {
    svc_->console.Printf("launcher: reply failed (%s)\n", caprt::ErrorName(r.error()));
  }
  Settle(*svc_, o, r.ok());
  kept_ = ReleaseEnded(*svc_);
  ReleaseSent(in);
}

void ServeLoop::ServeControl(const caprt::Incoming& in) {
  caprt::Answer answer;
  if (in.header->method == capos::layout::LauncherControl::kShutdown) {
    stop_ = true;
  } else {
    answer.status = abi::Error::kBadMethod;
  }
  caprt::Return(control_.owner, in.header->call_token, answer, out_);
  ReleaseSent(in);
}

abi::Error ServeLoop::Run() {
  caprt::Ring& ring = caprt::DefaultRing();
  while (!stop_) {
    Slot* slots[] = {&launch_, &control_};
    for (Slot* s : slots) {
      if (s->used && !s->posted) {
        abi::Error e = Post(*s);
        if (e != abi::Error::kOk) return e;
      }
    }
    abi::Cqe cqe;
    if (!ring.Pop(&cqe)) {
      // With children's handles kept, wake now and then to drop those of
      // children that ended (their kernel objects go with the handles).
      uint64_t wait = kept_ != 0 ? kReleaseEndedNs : abi::kWaitForever;
      int64_t n = ring.Enter(1, wait);
      if (n < 0) return caprt::ErrorFromStatus(static_cast<int32_t>(n));
      if (!ring.Pop(&cqe)) {
        if (svc_ != nullptr) kept_ = ReleaseEnded(*svc_);
        continue;
      }
    }
    Slot* s = cqe.user_data == launch_.user_data && launch_.posted     ? &launch_
              : cqe.user_data == control_.user_data && control_.posted ? &control_
                                                                       : nullptr;
    if (s == nullptr) continue;  // a stray completion (e.g. a timed-out call's)
    s->posted = false;
    if (cqe.status != 0) {
      if (s == &launch_) return caprt::ErrorFromStatus(cqe.status);
      control_.used = false;  // a dead control endpoint only ends control
      continue;
    }
    caprt::Incoming in = Parse(s->buf);
    if (s == &launch_) {
      ServeLaunch(in);
    } else {
      ServeControl(in);
    }
  }
  return abi::Error::kOk;
}

}  // namespace launcher
