// Request lookup, ETags and error names. The lookup never rewrites a target
// (no percent-decoding, no `..` resolution, no case folding): a target
// either is a bundle path byte for byte or is not found, so there is no
// decoding step for a traversal to hide in.
#include <string.h>

#include "services/lib/ui-bundle/bundle_path.h"
#include "services/lib/ui-bundle/ui_bundle.h"

namespace ui_bundle {
namespace {

constexpr char kIndex[] = "/index.html";

int Compare(const char* a, size_t a_len, const char* b, size_t b_len) {
  const int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
  if (c != 0) return c;
  return a_len < b_len ? -1 : (a_len > b_len ? 1 : 0);
}

}  // namespace

bool Bundle::Find(const char* target, size_t len, File* out) const {
  if (target == nullptr || count_ == 0) return false;
  for (size_t i = 0; i < len; ++i) {
    if (target[i] == '?' || target[i] == '#') {
      len = i;
      break;
    }
  }
  if (len == 1 && target[0] == '/') {
    target = kIndex;
    len = sizeof(kIndex) - 1;
  }
  if (!ValidPath(target, len)) return false;
  uint32_t lo = 0;
  uint32_t hi = count_;
  while (lo < hi) {  // entries are strictly sorted (CheckStructure)
    const uint32_t mid = lo + (hi - lo) / 2;
    const File f = file(mid);
    const int c = Compare(target, len, f.path, f.path_len);
    if (c == 0) {
      *out = f;
      return true;
    }
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return false;
}

void FormatEtag(const File& f, char out[kEtagLen + 1]) {
  static constexpr char kHex[] = "0123456789abcdef";
  out[0] = '"';
  for (size_t i = 0; i < kDigestBytes; ++i) {
    out[1 + 2 * i] = kHex[f.sha256[i] >> 4];
    out[2 + 2 * i] = kHex[f.sha256[i] & 0xf];
  }
  out[kEtagLen - 1] = '"';
  out[kEtagLen] = 0;
}

const char* ErrorName(Error e) {
  switch (e) {
    case Error::kOk:
      return "ok";
    case Error::kTruncated:
      return "truncated";
    case Error::kTooLarge:
      return "too-large";
    case Error::kBadMagic:
      return "bad-magic";
    case Error::kBadVersion:
      return "bad-version";
    case Error::kBadHeader:
      return "bad-header";
    case Error::kBadCount:
      return "bad-count";
    case Error::kBadEntry:
      return "bad-entry";
    case Error::kBadPath:
      return "bad-path";
    case Error::kBadContentType:
      return "bad-content-type";
    case Error::kNotSorted:
      return "not-sorted";
    case Error::kOverlap:
      return "overlap";
    case Error::kGap:
      return "gap";
    case Error::kOutOfBounds:
      return "out-of-bounds";
    case Error::kDigestMismatch:
      return "digest-mismatch";
    case Error::kFileHashMismatch:
      return "file-hash-mismatch";
  }
  return "unknown";
}

}  // namespace ui_bundle
