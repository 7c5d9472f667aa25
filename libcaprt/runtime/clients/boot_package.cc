#include "libcaprt/runtime/clients/boot_package.h"

#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/message.h"
#include "libcaprt/runtime/interfaces.h"
#include "schema/kernel.capnp.h"

namespace caprt {
namespace {

using Schema = capos::schema::BootPackage;

// The list reply grows with the package; start small and double on
// kResultTooSmall up to a bound no real package reaches.
constexpr uint32_t kListReplyStart = 4096;
constexpr uint32_t kListReplyMax = 1u << 20;
// Per-call read chunk: the reply is the data plus a few words of framing.
constexpr uint32_t kReadChunk = 32 * 1024;
constexpr uint32_t kReplyOverhead = 64;

// Read buffers hold resource bytes, which may be secret (keyvault's keys):
// they are wiped before the heap reuses them. The barrier keeps the
// compiler from dropping a store to memory that is freed next.
void WipeAndFree(void* p, size_t size) {
  if (p != nullptr) memset(p, 0, size);
  asm volatile("" : : "r"(p) : "memory");
  free(p);
}

void CopyName(capnp::Text::Reader text, char* out, size_t cap) {
  size_t n = text.size() < cap - 1 ? text.size() : cap - 1;
  memcpy(out, text.begin(), n);
  out[n] = '\0';
}

}  // namespace

Result<BootPackage> BootPackage::Find(const char* name) {
  Result<Cap> cap = FindCap(name, iface::kBootPackage);
  if (!cap.ok()) return cap.error();
  return BootPackage(cap.value());
}

Result<size_t> BootPackage::List(BootEntry* out, size_t max) {
  for (uint32_t cap = kListReplyStart; cap <= kListReplyMax; cap *= 2) {
    void* reply = aligned_alloc(8, cap);
    if (reply == nullptr) return Error::kNoMemory;
    capnp::MallocMessageBuilder params;
    params.initRoot<Schema::ListParams>();
    Result<uint32_t> len = CallMessage(cap_, iface::kBootPackageList, params, reply, cap);
    if (!len.ok()) {
      free(reply);
      if (len.error() == Error::kResultTooSmall) continue;
      return len.error();
    }
    size_t total = 0;
    Status s =
        DecodeRoot<Schema::ListResults>(reply, len.value(), [&](Schema::ListResults::Reader r) {
          auto entries = r.getEntries();
          total = entries.size();
          for (size_t i = 0; i < total && i < max; ++i) {
            CopyName(entries[i].getName(), out[i].name, sizeof(out[i].name));
            auto kind = static_cast<uint16_t>(entries[i].getKind());
            out[i].kind = kind <= 3 ? static_cast<BootKind>(kind) : BootKind::kUnknown;
            out[i].size = entries[i].getSize();
          }
        });
    free(reply);
    if (!s.ok()) return s.error();
    return total;
  }
  return Error::kResultTooSmall;
}

Result<size_t> BootPackage::Read(const char* name, uint64_t offset, void* buf, uint32_t len) {
  size_t done = 0;
  void* reply = aligned_alloc(8, kReadChunk + kReplyOverhead);
  if (reply == nullptr) return Error::kNoMemory;
  while (done < len) {
    uint32_t want = len - done < kReadChunk ? static_cast<uint32_t>(len - done) : kReadChunk;
    capnp::MallocMessageBuilder params;
    auto p = params.initRoot<Schema::ReadParams>();
    p.setName(name);
    p.setOffset(offset + done);
    p.setLength(want);
    Result<uint32_t> rlen =
        CallMessage(cap_, iface::kBootPackageRead, params, reply, kReadChunk + kReplyOverhead);
    if (!rlen.ok()) {
      WipeAndFree(reply, kReadChunk + kReplyOverhead);
      return rlen.error();
    }
    size_t got = 0;
    Status s =
        DecodeRoot<Schema::ReadResults>(reply, rlen.value(), [&](Schema::ReadResults::Reader r) {
          auto data = r.getData();
          // Never trust the reply's length beyond what was asked for.
          got = data.size() < want ? data.size() : want;
          memcpy(static_cast<char*>(buf) + done, data.begin(), got);
        });
    if (!s.ok()) {
      WipeAndFree(reply, kReadChunk + kReplyOverhead);
      return s.error();
    }
    done += got;
    if (got < want) break;  // end of resource
  }
  WipeAndFree(reply, kReadChunk + kReplyOverhead);
  return done;
}

Result<void*> BootPackage::ReadAll(const char* name, size_t size) {
  if (size > UINT32_MAX) return Error::kBadLength;
  // capnp readers need word alignment; keep the whole resource aligned.
  void* buf = aligned_alloc(8, (size + 7) & ~size_t{7});
  if (buf == nullptr && size != 0) return Error::kNoMemory;
  Result<size_t> n = Read(name, 0, buf, static_cast<uint32_t>(size));
  if (!n.ok() || n.value() != size) {
    WipeAndFree(buf, size);
    return n.ok() ? Error::kBadLength : n.error();
  }
  return buf;
}

}  // namespace caprt
