// The service catalog: the launchable services of the manifest
// (AuthorityPolicy.services, CUE authorityPolicy.services), held in fixed
// tables like the rest of the policy. The authority only lists them
// (AuthorityBroker.serviceCatalog); the front end decides who may launch one
// and starts it through the restricted launcher. Every text here reaches
// remote clients, so each kind of name keeps the character set the CUE schema
// gives it (manifests/defaults/services.cue) and the description is printable
// ASCII: no catalog entry can carry a terminal escape sequence.
#ifndef SERVICES_AUTHORITY_CATALOG_H_
#define SERVICES_AUTHORITY_CATALOG_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "services/authority/policy.h"
#include "services/authority/text.h"

namespace authority {

inline constexpr size_t kMaxServices = 8;
inline constexpr size_t kMaxCompanions = 4;
inline constexpr size_t kMaxServiceGrants = 15;  // one spawn: 16 caps, one the session
inline constexpr size_t kMaxExports = 4;
inline constexpr size_t kMaxServiceClasses = 2;  // operator and user, each once
inline constexpr size_t kDescriptionMax = 160;
inline constexpr size_t kBinaryNameMax = 47;     // kernel-abi kBootPkgNameMax without the NUL
inline constexpr size_t kIdentMax = 31;          // kCapNameMax / kProcNameMax without the NUL
inline constexpr size_t kInterfaceNameMax = 63;  // #InterfaceName
inline constexpr uint32_t kMaxPerSession = 4;
inline constexpr uint32_t kMaxSystemInstances = 16;
inline constexpr uint32_t kMaxCompanionCount = 4;
inline constexpr size_t kMaxCompanionGrants = 6;

// The character rule of one kind of catalog text.
enum class Charset : uint8_t {
  kLowerIdent,  // [a-z][a-z0-9-]*: service and binary names
  kMixedIdent,  // [a-z][a-zA-Z0-9-]*: launcher profile and grant names
  kInterface,   // [A-Z][A-Za-z0-9]*: a schema interface name
  kPrintable,   // 0x20..0x7e: the description
};

// True if `s` is 1..max bytes and follows `rule`.
bool valid_token(Str s, size_t max, Charset rule);

// A bounded text of one charset; empty until set.
template <size_t N, Charset R>
struct Token {
  char text[N + 1] = {};
  uint8_t len = 0;

  Str view() const { return {text, len}; }
  // False (and unchanged) unless valid_token(s, N, R).
  bool set(Str s) {
    if (!valid_token(s, N, R)) return false;
    memcpy(text, s.data(), s.size());
    text[s.size()] = '\0';
    len = static_cast<uint8_t>(s.size());
    return true;
  }
};

using ServiceName = Token<kIdentMax, Charset::kLowerIdent>;
using BinaryName = Token<kBinaryNameMax, Charset::kLowerIdent>;
using IdentName = Token<kIdentMax, Charset::kMixedIdent>;
using InterfaceName = Token<kInterfaceNameMax, Charset::kInterface>;
using Description = Token<kDescriptionMax, Charset::kPrintable>;

// Numbering is ServiceProfile.Holder's.
enum class Holder : uint8_t { kBackendHeld, kServiceOwned, kClientFacet };

struct Companion {
  BinaryName binary;
  IdentName launcher_profile;
  uint32_t count = 1;  // 1..kMaxCompanionCount
  bool shared = false;
  IdentName grants[kMaxCompanionGrants];  // backend-held, by name
  uint8_t grant_count = 0;
};

struct ServiceGrant {
  IdentName name;
  InterfaceName interface;
  Holder holder = Holder::kBackendHeld;
  bool move = false;
};

// A CapSet entry a running instance adds (kind adventure or paperclips only:
// those are never a profile's bundle entries).
struct ServiceExport {
  Name cap_name;
  CapKind kind = CapKind::kAdventure;
  uint32_t rights = 0;  // rights:: bits
};

struct ServiceProfile {
  ServiceName name;
  Description description;
  BinaryName worker_binary;
  IdentName worker_profile;  // its launcher profile
  Companion companions[kMaxCompanions];
  uint8_t companion_count = 0;
  ServiceGrant grants[kMaxServiceGrants];
  uint8_t grant_count = 0;
  ServiceExport exports[kMaxExports];
  uint8_t export_count = 0;
  uint32_t per_session_limit = 1;              // 1..kMaxPerSession, at most system_limit
  uint32_t system_limit = 8;                   // 1..kMaxSystemInstances
  PrincipalClass classes[kMaxServiceClasses];  // who may launch it
  uint8_t class_count = 0;
};

// The catalog in manifest order, read-only once loaded.
class Catalog {
 public:
  // Validation is total, as Policy's: a rejected service leaves the catalog
  // unchanged. kFull: more than kMaxServices; kDuplicate: a name already
  // listed, or a grant, export or class given twice in one service;
  // kBadEnum: an empty or invalid text, holder, export kind or right bit;
  // kBadLimit: a limit or companion count out of bounds, or no class;
  // kLauncherForbidden: a guest, anonymous or service class (only operator
  // and user sessions may launch).
  PolicyError add(const ServiceProfile& s);

  size_t count() const { return count_; }
  const ServiceProfile& at(size_t i) const { return services_[i]; }
  const ServiceProfile* find(Str name) const;

 private:
  ServiceProfile services_[kMaxServices];
  size_t count_ = 0;
};

}  // namespace authority

#endif  // SERVICES_AUTHORITY_CATALOG_H_
