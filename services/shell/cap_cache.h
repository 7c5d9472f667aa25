// What the shell remembers of its session between commands: the CapSet's
// names, interface ids and verbs (from capSetList descriptors) and the
// service catalog's names and client-facet grants. Tab completion reads it
// without a request (a Completer must not block), `launch` takes its
// grants from it, and calls take interface ids from it. Only clean text
// (no controls, valid UTF-8, at most kMaxCandidateBytes) is kept: every
// word here may end up in the edited line. Fixed-size, no allocation.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "schema/remote_session.capnp.h"
#include "services/lib/shell/ansi.h"
#include "services/lib/shell/command_table.h"

namespace shell_app {

inline constexpr size_t kMaxCaps = 24;
inline constexpr size_t kMaxVerbs = 16;
inline constexpr size_t kMaxValues = 8;
inline constexpr size_t kMaxServices = 8;
inline constexpr size_t kMaxGrants = 8;

struct VerbInfo {
  shell::TextRef name;
  uint8_t params = 0;
  bool text_param = false;            // one text parameter: the rest of the line is it
  shell::TextRef values[kMaxValues];  // the first parameter's enum values
  uint8_t value_count = 0;
};

struct CapInfo {
  shell::TextRef name;
  uint64_t interface_id = 0;
  VerbInfo verbs[kMaxVerbs];
  uint8_t verb_count = 0;
};

struct GrantInfo {
  shell::TextRef name;
  uint64_t interface_id = 0;
};

struct ServiceInfo {
  shell::TextRef name;
  GrantInfo grants[kMaxGrants];  // the clientFacet grants only
  uint8_t grant_count = 0;
};

// Clean strings, copied once per load.
class TextPool {
 public:
  // The copy, or an empty ref if `text` is not clean, too long or does not fit.
  shell::TextRef Keep(const char* text, size_t size);
  void Clear() { used_ = 0; }

 private:
  char buf_[8192];
  size_t used_ = 0;
};

class CapCache {
 public:
  void LoadCaps(capnp::List<capos::schema::CapSetEntry>::Reader list);
  void LoadServices(capnp::List<capos::schema::ServiceEntry>::Reader list);
  const CapInfo* FindCap(shell::TextRef name) const;
  const ServiceInfo* FindService(shell::TextRef name) const;
  static const VerbInfo* FindVerb(const CapInfo& cap, shell::TextRef verb);
  size_t cap_count() const { return cap_count_; }
  const CapInfo& cap(size_t i) const { return caps_[i]; }
  size_t service_count() const { return service_count_; }
  const ServiceInfo& service(size_t i) const { return services_[i]; }

 private:
  CapInfo caps_[kMaxCaps];
  size_t cap_count_ = 0;
  TextPool cap_text_;
  ServiceInfo services_[kMaxServices];
  size_t service_count_ = 0;
  TextPool service_text_;
};

// Tab: commands, cap names, services and verbs through the shell library's
// CommandCompleter; a game verb's enum argument (`adventure go n<Tab>`) here.
class ShellCompleter final : public shell::Completer, public shell::WordSource {
 public:
  explicit ShellCompleter(const CapCache* cache);
  void Complete(shell::TextRef line, size_t cursor, shell::Completions* out) override;
  shell::WordList Words(shell::ArgSource source, const shell::CommandSpec& command) override;

 private:
  const CapCache* cache_;
  shell::CommandCompleter commands_;
  shell::Words words_;
  shell::TextRef list_[kMaxCaps + kMaxServices + kMaxVerbs];
};

}  // namespace shell_app
