// Loading: the structural check of FORMAT.md, then the two hash checks.
#include "services/lib/ui-bundle/ui_bundle.h"

#include <string.h>

#include "mbedtls/sha256.h"
#include "services/lib/ui-bundle/bundle_path.h"

namespace ui_bundle {
namespace {

// Field offsets (FORMAT.md).
constexpr size_t kPathField = 128;
constexpr size_t kTypeField = 64;
constexpr size_t kEntryPath = 48;
constexpr size_t kEntryType = kEntryPath + kPathField;
static_assert(kEntryType + kTypeField == kEntryBytes);
static_assert(kMaxPath < kPathField && kMaxContentType < kTypeField);
constexpr char kMagic[8] = {'C', 'A', 'P', 'O', 'S', 'U', 'I', 'B'};

uint32_t Le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

bool AllZero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

// Byte-wise order of two paths, as the packer sorts them.
int ComparePaths(const uint8_t* a, size_t a_len, const uint8_t* b, size_t b_len) {
  const int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
  if (c != 0) return c;
  return a_len < b_len ? -1 : (a_len > b_len ? 1 : 0);
}

Error CheckHeader(const uint8_t* d, size_t size, uint32_t* count) {
  if (size < kHeaderBytes) return Error::kTruncated;
  if (memcmp(d, kMagic, sizeof(kMagic)) != 0) return Error::kBadMagic;
  if (Le32(d + 8) != kFormatVersion) return Error::kBadVersion;
  const uint32_t n = Le32(d + 12);
  if (n == 0 || n > kMaxEntries) return Error::kBadCount;
  const uint32_t total = Le32(d + 24);
  if (Le32(d + 16) != kEntryBytes || Le32(d + 20) != kHeaderBytes + n * kEntryBytes ||
      Le32(d + 28) != 0 || total < Le32(d + 20)) {
    return Error::kBadHeader;
  }
  if (total > kMaxBundleBytes) return Error::kTooLarge;
  // Exactly the stated length: shorter is a truncated copy, longer is
  // bytes no entry accounts for.
  if (size < total) return Error::kTruncated;
  if (size > total) return Error::kBadHeader;
  *count = n;
  return Error::kOk;
}

// One entry's own fields; `expected` is where its data must start.
Error CheckEntry(const uint8_t* e, uint32_t expected, uint32_t total) {
  const uint32_t offset = Le32(e);
  const uint32_t length = Le32(e + 4);
  const size_t path_len = e[40];
  const size_t type_len = e[41];
  if (path_len == 0 || path_len > kMaxPath || type_len == 0 || type_len > kMaxContentType ||
      length > kMaxFileBytes || !AllZero(e + 42, 6) ||
      !AllZero(e + kEntryPath + path_len, kPathField - path_len) ||
      !AllZero(e + kEntryType + type_len, kTypeField - type_len)) {
    return Error::kBadEntry;
  }
  if (!ValidPath(reinterpret_cast<const char*>(e + kEntryPath), path_len)) return Error::kBadPath;
  if (!ValidContentType(reinterpret_cast<const char*>(e + kEntryType), type_len)) {
    return Error::kBadContentType;
  }
  if (offset < expected) return Error::kOverlap;
  if (offset > expected) return Error::kGap;
  if (length > total - offset) return Error::kOutOfBounds;  // offset <= total held before
  return Error::kOk;
}

void Sha256(const uint8_t* p, size_t n, uint8_t out[kDigestBytes]) {
  mbedtls_sha256(p, n, out, /*is224=*/0);  // cannot fail for SHA-256
}

}  // namespace

Error CheckStructure(const uint8_t* data, size_t size, uint32_t* count) {
  uint32_t n = 0;
  if (data == nullptr) return Error::kTruncated;
  if (Error e = CheckHeader(data, size, &n); e != Error::kOk) return e;
  const uint32_t total = Le32(data + 24);
  uint32_t expected = Le32(data + 20);  // the data_offset
  const uint8_t* previous = nullptr;
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t* e = data + kHeaderBytes + size_t{i} * kEntryBytes;
    if (Error err = CheckEntry(e, expected, total); err != Error::kOk) return err;
    if (previous != nullptr &&
        ComparePaths(previous + kEntryPath, previous[40], e + kEntryPath, e[40]) >= 0) {
      return Error::kNotSorted;
    }
    previous = e;
    expected += Le32(e + 4);
  }
  if (expected != total) return Error::kOutOfBounds;  // bytes after the last file
  *count = n;
  return Error::kOk;
}

bool IndexDigest(const uint8_t* data, size_t size, uint8_t out[kDigestBytes]) {
  uint32_t n = 0;
  if (CheckStructure(data, size, &n) != Error::kOk) return false;
  Sha256(data, Le32(data + 20), out);
  return true;
}

Error Bundle::Load(const uint8_t* data, size_t size, const uint8_t pinned[kDigestBytes]) {
  data_ = nullptr;
  count_ = 0;
  uint32_t n = 0;
  if (Error e = CheckStructure(data, size, &n); e != Error::kOk) return e;
  uint8_t digest[kDigestBytes];
  Sha256(data, Le32(data + 20), digest);
  if (memcmp(digest, pinned, kDigestBytes) != 0) return Error::kDigestMismatch;
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t* e = data + kHeaderBytes + size_t{i} * kEntryBytes;
    Sha256(data + Le32(e), Le32(e + 4), digest);
    if (memcmp(digest, e + 8, kDigestBytes) != 0) return Error::kFileHashMismatch;
  }
  data_ = data;
  count_ = n;
  return Error::kOk;
}

File Bundle::file(uint32_t i) const {
  File f;
  if (i >= count_) return f;
  const uint8_t* e = data_ + kHeaderBytes + size_t{i} * kEntryBytes;
  f.path = reinterpret_cast<const char*>(e + kEntryPath);
  f.path_len = e[40];
  f.content_type = reinterpret_cast<const char*>(e + kEntryType);
  f.content_type_len = e[41];
  f.data = data_ + Le32(e);
  f.size = Le32(e + 4);
  f.sha256 = e + 8;
  return f;
}

}  // namespace ui_bundle
