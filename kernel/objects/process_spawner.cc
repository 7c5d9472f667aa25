#include "kernel/objects/process_spawner.h"

#include "kernel/boot/boot_state.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "kernel/objects/process_handle.h"
#include "kernel/objects/session.h"
#include "kernel/proc/process.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {

using L = capos::layout::ProcessSpawner;
namespace wire = capos::wire;

proc::Grant grants[abi::kCapSetMaxEntries];

}  // namespace

uint64_t ProcessSpawner::interface_id() const {
  return L::kId;
}

ProcessSpawner* ProcessSpawner::instance() {
  static ProcessSpawner obj;
  return &obj;
}

abi::Error ProcessSpawner::call(CallCtx& ctx) {
  if (ctx.method != L::kSpawn) return abi::Error::kBadMethod;
  wire::Message msg;
  wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;

  const char* name = nullptr;
  const char* binary = nullptr;
  uint32_t name_len = 0, binary_len = 0;
  wire::ListReader list;
  root.text(L::SpawnParams::kName, &name, &name_len);
  root.text(L::SpawnParams::kBinary, &binary, &binary_len);
  root.structList(L::SpawnParams::kGrants, &list);
  uint32_t heap_pages = root.get(L::SpawnParams::kHeapPages);
  if (!msg.ok()) return abi::Error::kMalformedMessage;
  if (list.size() > abi::kCapSetMaxEntries) return abi::Error::kBadLength;

  for (uint32_t i = 0; i < list.size(); i++) {
    wire::StructReader g = list.get(i);
    proc::Grant& out = grants[i];
    g.text(L::Grant::kName, &out.name, &out.name_len);
    uint16_t index = g.get(L::Grant::kCapIndex);
    if (index >= ctx.in_count) return abi::Error::kBadSlot;
    const cap::Entry& e = ctx.in_caps[index];
    out.object = e.object;
    out.interface_id = e.interface_id;
    out.rights = e.rights;  // already narrowed by the transfer
  }
  if (!msg.ok()) return abi::Error::kMalformedMessage;
  SessionCell* session = nullptr;
  int16_t session_index = root.get(L::SpawnParams::kSessionCap);
  if (session_index >= 0) {
    Object* obj = nullptr;
    err = sent_cap(ctx, session_index, capos::layout::SessionCell::kId, abi::kRightBind, &obj);
    if (err != abi::Error::kOk) return err;
    session = static_cast<SessionCell*>(obj);
    if (!session->live()) return abi::Error::kStaleSession;
  }
  // The reply carries one cap: refuse before starting anything if it cannot.
  if (ctx.result_cap < 64) return abi::Error::kResultTooSmall;

  bootpkg::Entry elf;
  if (!bootpkg::find(boot::package(), binary, &elf) || elf.kind != abi::BootEntryKind::kElf) {
    klog("spawn of '%s' refused: no ELF named '%s' in the boot package", name, binary);
    return abi::Error::kNotFound;
  }
  Process* child = nullptr;
  char why[160];
  err = proc::spawn(name, elf.data, elf.size, grants, list.size(), heap_pages, session, &child, why,
                    sizeof(why));
  if (err != abi::Error::kOk) {
    klog("spawn of '%s' (binary '%s') refused: %s", name, binary, why);
    return err;
  }
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder r;
  b.initRoot<L::SpawnResults>(&r);
  r.set(L::SpawnResults::kPid, child->pid);
  r.set(L::SpawnResults::kHandleCap, uint16_t(0));
  return_cap(ctx, child->handle, kDefaultRights);
  return finish_result(ctx, b);
}

}  // namespace kobj
