#include "kernel/boot/boot_package.h"

namespace bootpkg {
namespace {

using abi::BootPkgEntry;
using abi::BootPkgHeader;

constexpr uint64_t kHeaderSize = sizeof(BootPkgHeader);
constexpr uint64_t kEntrySize = sizeof(BootPkgEntry);

// Fields are read byte by byte: the module may sit at any alignment (a fuzz
// input, a host buffer), and a misaligned struct load would be UB.
uint32_t load32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

uint64_t load64(const uint8_t* p) {
  return uint64_t{load32(p)} | uint64_t{load32(p + 4)} << 32;
}

// Appends to a fixed buffer, silently truncating; always NUL-terminated.
class Message {
 public:
  explicit Message(char* buf) : buf_(buf) { buf_[0] = '\0'; }

  Message& str(const char* s) {
    while (*s != '\0') put(*s++);
    return *this;
  }
  Message& num(uint64_t v) {
    char digits[20];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) put(digits[--n]);
    return *this;
  }
  // An entry name validated by check_name(): printable, NUL-terminated.
  Message& name(const uint8_t* n) {
    put('"');
    for (uint32_t i = 0; i < abi::kBootPkgNameMax && n[i] != 0; ++i) put(static_cast<char>(n[i]));
    put('"');
    return *this;
  }

 private:
  void put(char c) {
    if (len_ + 1 < kMessageMax) {
      buf_[len_++] = c;
      buf_[len_] = '\0';
    }
  }
  char* buf_;
  size_t len_ = 0;
};

const uint8_t* entry_at(const uint8_t* base, uint32_t i) {
  return base + kHeaderSize + uint64_t{i} * kEntrySize;
}

constexpr uint64_t kNameOff = offsetof(BootPkgEntry, name);
constexpr uint64_t kKindOff = offsetof(BootPkgEntry, kind);
constexpr uint64_t kReservedOff = offsetof(BootPkgEntry, reserved);
constexpr uint64_t kOffsetOff = offsetof(BootPkgEntry, offset);
constexpr uint64_t kSizeOff = offsetof(BootPkgEntry, size);

// Non-empty, printable ASCII, NUL-terminated within the field and zero
// after the NUL (so equal names are equal byte arrays).
bool check_name(const uint8_t* n) {
  uint32_t len = 0;
  while (len < abi::kBootPkgNameMax && n[len] != 0) {
    if (!abi::boot_pkg_name_byte(n[len])) return false;
    ++len;
  }
  if (len == 0 || len == abi::kBootPkgNameMax) return false;
  for (uint32_t i = len; i < abi::kBootPkgNameMax; ++i) {
    if (n[i] != 0) return false;
  }
  return true;
}

bool same_name(const uint8_t* a, const uint8_t* b) {
  for (uint32_t i = 0; i < abi::kBootPkgNameMax; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool known_kind(uint32_t k) {
  return k == static_cast<uint32_t>(abi::BootEntryKind::kManifest) ||
         k == static_cast<uint32_t>(abi::BootEntryKind::kElf) ||
         k == static_cast<uint32_t>(abi::BootEntryKind::kBlob);
}

Status check_header(const uint8_t* d, size_t len, Package* out, Message& m) {
  if (len < kHeaderSize) {
    m.str("package is ")
        .num(len)
        .str(" bytes, less than its ")
        .num(kHeaderSize)
        .str("-byte header");
    return Status::kTooSmall;
  }
  for (size_t i = 0; i < sizeof(abi::kBootPkgMagic); ++i) {
    if (d[i] != static_cast<uint8_t>(abi::kBootPkgMagic[i])) {
      m.str("bad magic: not a CAPBOOT1 boot package");
      return Status::kBadMagic;
    }
  }
  uint32_t version = load32(d + offsetof(BootPkgHeader, abi_version));
  if (version != abi::kAbiVersion) {
    m.str("package ABI version ").num(version).str(", kernel ABI version ").num(abi::kAbiVersion);
    return Status::kAbiMismatch;
  }
  uint64_t total = load64(d + offsetof(BootPkgHeader, total_size));
  if (total < kHeaderSize || total > len) {
    m.str("total_size ")
        .num(total)
        .str(" outside [")
        .num(kHeaderSize)
        .str(", module length ")
        .num(len)
        .str("]");
    return Status::kBadTotalSize;
  }
  if (load32(d + offsetof(BootPkgHeader, reserved)) != 0) {
    m.str("header reserved field is not zero");
    return Status::kReservedNonZero;
  }
  uint32_t count = load32(d + offsetof(BootPkgHeader, entry_count));
  if (count == 0 || count > abi::kBootPkgMaxEntries) {
    m.str("entry_count ").num(count).str(" outside [1, ").num(abi::kBootPkgMaxEntries).str("]");
    return Status::kBadEntryCount;
  }
  if (kHeaderSize + uint64_t{count} * kEntrySize > total) {
    m.str("entry table of ").num(count).str(" entries ends past total_size ").num(total);
    return Status::kEntryTableBounds;
  }
  out->total_size = total;
  out->entry_count = count;
  return Status::kOk;
}

Status check_entry(const uint8_t* d, const Package& pkg, uint32_t i, Message& m) {
  const uint8_t* e = entry_at(d, i);
  if (!check_name(e + kNameOff)) {
    m.str("entry ").num(i).str(": name is empty, unterminated, non-printable or not zero-padded");
    return Status::kBadName;
  }
  for (uint32_t j = 0; j < i; ++j) {
    if (same_name(e + kNameOff, entry_at(d, j) + kNameOff)) {
      m.str("entry ").num(i).str(" ").name(e + kNameOff).str(": same name as entry ").num(j);
      return Status::kDuplicateName;
    }
  }
  // Every later failure is prefixed with the entry's index and name.
  auto where = [&]() -> Message& {
    return m.str("entry ").num(i).str(" ").name(e + kNameOff).str(": ");
  };
  uint32_t kind = load32(e + kKindOff);
  if (!known_kind(kind)) {
    where().str("unknown kind ").num(kind);
    return Status::kBadKind;
  }
  if (load32(e + kReservedOff) != 0) {
    where().str("reserved field is not zero");
    return Status::kReservedNonZero;
  }
  uint64_t off = load64(e + kOffsetOff);
  uint64_t size = load64(e + kSizeOff);
  if (off % abi::kBootPkgAlign != 0) {
    where().str("offset ").num(off).str(" not ").num(abi::kBootPkgAlign).str("-byte aligned");
    return Status::kMisaligned;
  }
  uint64_t table_end = kHeaderSize + uint64_t{pkg.entry_count} * kEntrySize;
  // Written so that no sum can wrap: off <= total holds before total - off.
  if (off < table_end || off > pkg.total_size || size > pkg.total_size - off) {
    where()
        .str("data [")
        .num(off)
        .str(", +")
        .num(size)
        .str(") outside [")
        .num(table_end)
        .str(", ")
        .num(pkg.total_size)
        .str(")");
    return Status::kEntryBounds;
  }
  for (uint32_t j = 0; j < i; ++j) {
    uint64_t o2 = load64(entry_at(d, j) + kOffsetOff);
    uint64_t s2 = load64(entry_at(d, j) + kSizeOff);
    if (size != 0 && s2 != 0 && off < o2 + s2 && o2 < off + size) {
      where().str("data overlaps entry ").num(j);
      return Status::kEntryOverlap;
    }
  }
  return Status::kOk;
}

}  // namespace

const char* status_name(Status s) {
  switch (s) {
    case Status::kOk:
      return "ok";
    case Status::kTooSmall:
      return "too-small";
    case Status::kBadMagic:
      return "bad-magic";
    case Status::kAbiMismatch:
      return "abi-mismatch";
    case Status::kBadTotalSize:
      return "bad-total-size";
    case Status::kBadEntryCount:
      return "bad-entry-count";
    case Status::kEntryTableBounds:
      return "entry-table-bounds";
    case Status::kReservedNonZero:
      return "reserved-nonzero";
    case Status::kBadName:
      return "bad-name";
    case Status::kDuplicateName:
      return "duplicate-name";
    case Status::kBadKind:
      return "bad-kind";
    case Status::kMisaligned:
      return "misaligned";
    case Status::kEntryBounds:
      return "entry-bounds";
    case Status::kEntryOverlap:
      return "entry-overlap";
    case Status::kManifestCount:
      return "manifest-count";
    case Status::kEmptyManifest:
      return "empty-manifest";
    case Status::kBadChecksum:
      return "bad-checksum";
  }
  return "unknown";
}

Status parse(const uint8_t* data, size_t len, Package* out) {
  // Field by field: a whole-struct assignment may become a memset call,
  // which the kernel build must not depend on.
  out->base = nullptr;
  out->total_size = 0;
  out->entry_count = 0;
  out->manifest_index = 0;
  Message m(out->message);
  if (data == nullptr) len = 0;
  if (Status s = check_header(data, len, out, m); s != Status::kOk) return s;
  uint32_t manifests = 0;
  for (uint32_t i = 0; i < out->entry_count; ++i) {
    if (Status s = check_entry(data, *out, i, m); s != Status::kOk) return s;
    if (load32(entry_at(data, i) + kKindOff) ==
        static_cast<uint32_t>(abi::BootEntryKind::kManifest)) {
      out->manifest_index = i;
      ++manifests;
    }
  }
  if (manifests != 1) {
    m.str("package has ").num(manifests).str(" manifest entries, needs exactly 1");
    return Status::kManifestCount;
  }
  if (load64(entry_at(data, out->manifest_index) + kSizeOff) == 0) {
    m.str("manifest entry ").num(out->manifest_index).str(" is empty");
    return Status::kEmptyManifest;
  }
  uint32_t want = load32(data + offsetof(BootPkgHeader, checksum));
  uint32_t got = abi::boot_pkg_crc32(data + kHeaderSize, out->total_size - kHeaderSize);
  if (want != got) {
    m.str("CRC-32 ").num(got).str(" does not match header ").num(want).str(": package is corrupt");
    return Status::kBadChecksum;
  }
  out->base = data;
  m.str("ok");
  return Status::kOk;
}

bool entry(const Package& pkg, uint32_t i, Entry* out) {
  if (pkg.base == nullptr || i >= pkg.entry_count) return false;
  const uint8_t* e = entry_at(pkg.base, i);
  out->name = reinterpret_cast<const char*>(e + kNameOff);
  out->kind = static_cast<abi::BootEntryKind>(load32(e + kKindOff));
  out->data = pkg.base + load64(e + kOffsetOff);
  out->size = load64(e + kSizeOff);
  return true;
}

bool find(const Package& pkg, const char* name, Entry* out) {
  if (name == nullptr) return false;
  for (uint32_t i = 0; i < pkg.entry_count; ++i) {
    const uint8_t* n = entry_at(pkg.base, i) + kNameOff;
    uint32_t k = 0;
    while (k < abi::kBootPkgNameMax && n[k] == static_cast<uint8_t>(name[k]) && n[k] != 0) ++k;
    if (k < abi::kBootPkgNameMax && n[k] == 0 && name[k] == '\0') return entry(pkg, i, out);
  }
  return false;
}

Entry manifest(const Package& pkg) {
  Entry e{};
  entry(pkg, pkg.manifest_index, &e);
  return e;
}

}  // namespace bootpkg
