#include "kernel/objects/boot_package_obj.h"

#include "kernel/boot/boot_resource.h"
#include "kernel/boot/boot_state.h"
#include "kernel/lib/kstring.h"
#include "kernel/mm/heap.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {

using L = capos::layout::BootPackage;
namespace wire = capos::wire;

uint16_t kind_ordinal(abi::BootEntryKind k) {
  L::Kind out = L::Kind::kUnknown;
  switch (k) {
    case abi::BootEntryKind::kManifest:
      out = L::Kind::kManifest;
      break;
    case abi::BootEntryKind::kElf:
      out = L::Kind::kElf;
      break;
    case abi::BootEntryKind::kBlob:
      out = L::Kind::kBlob;
      break;
  }
  return static_cast<uint16_t>(out);
}

void set_entry(wire::StructBuilder out, const bootpkg::Entry& e) {
  out.setText(L::Entry::kName, e.name, static_cast<uint32_t>(strlen(e.name)));
  out.set(L::Entry::kKind, kind_ordinal(e.kind));
  out.set(L::Entry::kSize, e.size);
}

// `scope` null: every entry of the package; else that entry alone.
abi::Error list(CallCtx& ctx, const bootpkg::Entry* scope) {
  const bootpkg::Package& pkg = boot::package();
  uint32_t count = scope ? 1 : pkg.entry_count;
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder root;
  b.initRoot<L::ListResults>(&root);
  wire::StructListBuilder entries;
  root.initStructList<L::Entry>(L::ListResults::kEntries, count, &entries);
  for (uint32_t i = 0; i < count && b.status() == wire::Status::kOk; i++) {
    bootpkg::Entry e;
    if (scope) {
      e = *scope;
    } else {
      bootpkg::entry(pkg, i, &e);
    }
    set_entry(entries.get(i), e);
  }
  return finish_result(ctx, b);
}

// `scope` null: any entry by name; else only scope's own name, every other
// name being kNotFound as an unknown one is.
abi::Error read(CallCtx& ctx, const wire::StructReader& params, const wire::Message& msg,
                const bootpkg::Entry* scope) {
  const char* name = nullptr;
  uint32_t name_len = 0;
  params.text(L::ReadParams::kName, &name, &name_len);
  uint64_t offset = params.get(L::ReadParams::kOffset);
  uint32_t length = params.get(L::ReadParams::kLength);
  if (!msg.ok()) return abi::Error::kMalformedMessage;
  bootpkg::Entry e;
  if (scope) {
    if (!bootres::serves(*scope, name, name_len)) return abi::Error::kNotFound;
    e = *scope;
  } else if (!bootpkg::find(boot::package(), name, &e)) {
    return abi::Error::kNotFound;
  } else if (bootres::reserved().holds(e)) {
    return abi::Error::kDenied;  // granted as a bootResource: its caps only
  }
  uint64_t avail = offset < e.size ? e.size - offset : 0;
  if (length > avail) length = static_cast<uint32_t>(avail);
  // Framing (8) + root pointer (8) + data pointer (8) + padding (<8).
  uint32_t room = ctx.result_cap > 32 ? ctx.result_cap - 32 : 0;
  if (length > room) length = room;
  wire::MessageBuilder b(ctx.result, ctx.result_cap);
  wire::StructBuilder root;
  b.initRoot<L::ReadResults>(&root);
  root.setData(L::ReadResults::kData, e.data + offset, length);
  return finish_result(ctx, b);
}

}  // namespace

uint64_t BootPackage::interface_id() const {
  return L::kId;
}

BootPackage* BootPackage::instance() {
  static BootPackage obj;
  return &obj;
}

BootPackage* BootPackage::scoped(const bootpkg::Entry& blob) {
  BootPackage* obj = knew<BootPackage>();
  if (!obj) return nullptr;
  obj->scoped_ = true;
  obj->entry_ = blob;  // its pointers stay valid: the package is never freed
  count_object(1);
  return obj;
}

// Only scoped objects are counted and freed; the singleton lives forever.
void BootPackage::destroy() {
  if (!scoped_) return;
  count_object(-1);
  kdelete(this);
}

abi::Error BootPackage::call(CallCtx& ctx) {
  wire::Message msg;
  wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  const bootpkg::Entry* scope = scoped_ ? &entry_ : nullptr;
  switch (ctx.method) {
    case L::kList:
      return list(ctx, scope);
    case L::kRead:
      return read(ctx, root, msg, scope);
    default:
      return abi::Error::kBadMethod;
  }
}

}  // namespace kobj
