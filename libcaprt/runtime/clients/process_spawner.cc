#include "libcaprt/runtime/clients/process_spawner.h"

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "schema/kernel.capnp.h"

namespace caprt {

using Schema = capos::schema::ProcessSpawner;
using HandleSchema = capos::schema::ProcessHandle;
namespace L = capos::layout;

Result<ProcessSpawner> ProcessSpawner::Find(const char* name) {
  Result<Cap> cap = FindCap(name, iface::kProcessSpawner);
  if (!cap.ok()) return cap.error();
  return ProcessSpawner(cap.value());
}

Result<Spawned> ProcessSpawner::Spawn(const char* name, const char* binary,
                                      const SpawnGrant* grants, size_t grant_count,
                                      uint32_t heap_pages, const Cap* session) {
  // Bounded by the transfer limit (and kj makes an unbounded list fatal).
  size_t sent = grant_count + (session ? 1 : 0);
  if (sent > abi::kMaxTransferCaps) return Error::kBadLength;
  abi::CapTransfer caps[abi::kMaxTransferCaps];
  capnp::MallocMessageBuilder params;
  auto p = params.initRoot<Schema::SpawnParams>();
  p.setName(name);
  p.setBinary(binary);
  p.setHeapPages(heap_pages);
  auto list = p.initGrants(static_cast<unsigned>(grant_count));
  for (size_t i = 0; i < grant_count; ++i) {
    list[i].setName(grants[i].name);
    list[i].setCapIndex(static_cast<uint16_t>(i));
    caps[i] = Send(grants[i].cap, grants[i].rights);
  }
  if (session) {
    caps[grant_count] = Send(*session, abi::kRightBind | abi::kRightCall);
    p.setSessionCap(static_cast<int16_t>(grant_count));
  }
  alignas(8) uint8_t encoded[4096];
  Result<size_t> n = SerializeTo(params, encoded, sizeof(encoded));
  if (!n.ok()) return n.error();
  alignas(8) uint64_t reply[16];
  CallOptions options;
  options.caps = caps;
  options.caps_count = static_cast<uint16_t>(sent);
  Result<Reply> r = CallWith(cap_, iface::kProcessSpawnerSpawn, encoded,
                             static_cast<uint32_t>(n.value()), reply, sizeof(reply), options);
  if (!r.ok()) return r.error();
  Spawned out{};
  uint16_t handle_index = 0;
  Status s =
      DecodeRoot<Schema::SpawnResults>(reply, r.value().len, [&](Schema::SpawnResults::Reader res) {
        out.pid = res.getPid();
        handle_index = res.getHandleCap();
      });
  if (!s.ok()) return s.error();
  Result<Cap> handle = ReplyCap(reply, r.value(), handle_index);
  if (!handle.ok()) return handle.error();
  out.handle = handle.value();
  return out;
}

Result<ExitInfo> ProcessHandle::Wait() {
  alignas(8) uint64_t reply[8];
  Result<uint32_t> len = Call(cap_, L::ProcessHandle::kWait, nullptr, 0, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  ExitInfo info{};
  Status s = DecodeRoot<HandleSchema::WaitResults>(reply, len.value(),
                                                   [&](HandleSchema::WaitResults::Reader r) {
                                                     info.status = r.getExitStatus();
                                                     info.killed = r.getKilled();
                                                     info.faulted = r.getFaulted();
                                                   });
  if (!s.ok()) return s.error();
  return info;
}

Status ProcessHandle::Kill() {
  Result<uint32_t> len = Call(cap_, L::ProcessHandle::kKill, nullptr, 0, nullptr, 0);
  return len.ok() ? Status() : Status(len.error());
}

Result<bool> ProcessHandle::Running() {
  alignas(8) uint64_t reply[8];
  Result<uint32_t> len = Call(cap_, L::ProcessHandle::kStatus, nullptr, 0, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  bool running = false;
  Status s = DecodeRoot<HandleSchema::StatusResults>(
      reply, len.value(), [&](HandleSchema::StatusResults::Reader r) { running = r.getRunning(); });
  if (!s.ok()) return s.error();
  return running;
}

}  // namespace caprt
