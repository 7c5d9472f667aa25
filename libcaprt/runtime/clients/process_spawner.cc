#include "libcaprt/runtime/clients/process_spawner.h"

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"

namespace caprt {

using Schema = capos::schema::ProcessSpawner;

Result<ProcessSpawner> ProcessSpawner::Find(const char* name) {
  Result<Cap> cap = FindCap(name, iface::kProcessSpawner);
  if (!cap.ok()) return cap.error();
  return ProcessSpawner(cap.value());
}

Result<uint32_t> ProcessSpawner::Spawn(const char* name, const char* binary,
                                       const SpawnGrant* grants, size_t grant_count,
                                       uint32_t heap_pages) {
  // The count comes from our caller, not from a message, but building a list
  // whose size came from elsewhere must still be bounded (kj makes it fatal).
  if (grant_count > abi::kCapSetMaxEntries) return Error::kBadLength;
  capnp::MallocMessageBuilder params;
  auto p = params.initRoot<Schema::SpawnParams>();
  p.setName(name);
  p.setBinary(binary);
  p.setHeapPages(heap_pages);
  auto list = p.initGrants(static_cast<unsigned>(grant_count));
  for (size_t i = 0; i < grant_count; ++i) {
    list[i].setName(grants[i].name);
    list[i].setSlot(grants[i].cap.slot);
    list[i].setGeneration(grants[i].cap.generation);
  }
  uint64_t reply[16];
  Result<uint32_t> len =
      CallMessage(cap_, iface::kProcessSpawnerSpawn, params, reply, sizeof(reply));
  if (!len.ok()) return len.error();
  uint32_t pid = 0;
  Status s = DecodeRoot<Schema::SpawnResults>(
      reply, len.value(), [&](Schema::SpawnResults::Reader r) { pid = r.getPid(); });
  if (!s.ok()) return s.error();
  return pid;
}

}  // namespace caprt
