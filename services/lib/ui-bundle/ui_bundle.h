// The UI bundle reader: parses and verifies the archive that tools/ui-bundle
// packs (format: FORMAT.md beside this file), and answers the web-ui
// service's lookups. Everything in the archive is checked before anything is
// served: every bound, then the pinned digest of the index, then every
// file's SHA-256. Any failure refuses the whole bundle.
//
// Pure C++ over mbedTLS's SHA-256: no allocation, no exceptions, only
// memcmp/memcpy from libc, so it builds for the freestanding guest and the
// host alike. The bundle borrows the archive's bytes (in the guest, the boot
// package resource): they must outlive it and never change.
#ifndef SERVICES_LIB_UI_BUNDLE_UI_BUNDLE_H_
#define SERVICES_LIB_UI_BUNDLE_UI_BUNDLE_H_

#include <stddef.h>
#include <stdint.h>

namespace ui_bundle {

// FORMAT.md's layout and bounds; tools/ui-bundle/archive.js has the same,
// and the host test checks them against the generated bundle_digest.h.
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kHeaderBytes = 32;
inline constexpr size_t kEntryBytes = 240;
inline constexpr uint32_t kMaxEntries = 256;
inline constexpr size_t kMaxPath = 127;
inline constexpr size_t kMaxContentType = 63;
inline constexpr uint32_t kMaxFileBytes = 1u << 20;
inline constexpr uint32_t kMaxBundleBytes = 8u << 20;
inline constexpr size_t kDigestBytes = 32;
inline constexpr size_t kEtagLen = 66;  // '"' + 64 hex digits + '"'

enum class Error : uint8_t {
  kOk,
  kTruncated,  // shorter than its header or than total_bytes
  kTooLarge,   // over kMaxBundleBytes
  kBadMagic,
  kBadVersion,
  kBadHeader,  // entry_bytes, data_offset, total_bytes or reserved wrong
  kBadCount,   // no entries or more than kMaxEntries
  kBadEntry,   // a length, reserved field or padding out of rule
  kBadPath,    // charset, `.`/`..`, empty segment, length
  kBadContentType,
  kNotSorted,         // paths not strictly ascending: a duplicate or disorder
  kOverlap,           // a file starts before the previous one ended
  kGap,               // a file starts after the previous one ended
  kOutOfBounds,       // a file ends past total_bytes, or the last ends early
  kDigestMismatch,    // the index is not the one the build pinned
  kFileHashMismatch,  // a file's bytes do not match its entry's sha256
};

// A stable lower-case name for logs ("digest-mismatch", ...).
const char* ErrorName(Error e);

// One file of a loaded bundle; every pointer points into the archive.
struct File {
  const char* path = nullptr;
  size_t path_len = 0;
  const char* content_type = nullptr;  // safe to write into a header as is
  size_t content_type_len = 0;
  const uint8_t* data = nullptr;
  size_t size = 0;
  const uint8_t* sha256 = nullptr;  // kDigestBytes
};

// The structural rules of FORMAT.md only, no hashing. The fuzzer and the
// tests use it; a service calls Bundle::Load. On kOk, *count is the entry
// count.
Error CheckStructure(const uint8_t* data, size_t size, uint32_t* count);

// SHA-256 of the header and entry table of a structurally valid archive:
// the value the build pins. False if the structure is invalid.
bool IndexDigest(const uint8_t* data, size_t size, uint8_t out[kDigestBytes]);

class Bundle {
 public:
  // Verifies everything (structure, `pinned` against the index digest, each
  // file's hash) and on kOk serves from `data`. On an error the bundle stays
  // empty: nothing of a refused archive is ever served.
  Error Load(const uint8_t* data, size_t size, const uint8_t pinned[kDigestBytes]);

  bool loaded() const { return count_ != 0; }
  uint32_t count() const { return count_; }
  // The i-th file in path order; i < count().
  File file(uint32_t i) const;

  // The file for an HTTP request target (origin-form path, the query and
  // fragment ignored): "/" is /index.html; anything that is not exactly a
  // bundle path (`..`, `%` escapes, `//`, a trailing `/`, ...) is not
  // found, never normalised into one. False means 404.
  bool Find(const char* target, size_t len, File* out) const;

 private:
  const uint8_t* data_ = nullptr;
  uint32_t count_ = 0;
};

// The strong ETag for `f`, from its SHA-256: kEtagLen characters plus a NUL.
void FormatEtag(const File& f, char out[kEtagLen + 1]);

}  // namespace ui_bundle

#endif  // SERVICES_LIB_UI_BUNDLE_UI_BUNDLE_H_
