#include "services/shell/cap_cache.h"

#include <string.h>

#include "services/lib/shell/bounds.h"
#include "services/lib/shell/shell_commands.h"
#include "services/lib/shell/utf8.h"

namespace shell_app {
namespace {

namespace s = capos::schema;
using shell::TextRef;

TextRef Keep(TextPool* pool, capnp::Text::Reader t) {
  return pool->Keep(t.begin(), t.size());
}

}  // namespace

TextRef TextPool::Keep(const char* text, size_t size) {
  if (size == 0 || size > shell::kMaxCandidateBytes || size > sizeof(buf_) - used_ ||
      !shell::IsCleanText(text, size)) {
    return TextRef{};
  }
  char* at = buf_ + used_;
  memcpy(at, text, size);
  used_ += size;
  return TextRef{at, size};
}

void CapCache::LoadCaps(capnp::List<s::CapSetEntry>::Reader list) {
  cap_count_ = 0;
  cap_text_.Clear();
  for (s::CapSetEntry::Reader e : list) {
    if (cap_count_ == kMaxCaps) break;
    CapInfo& c = caps_[cap_count_];
    c = CapInfo();
    c.name = Keep(&cap_text_, e.getName());
    if (c.name.size == 0) continue;  // a name no one could type
    c.interface_id = e.getInterfaceId();
    for (s::MethodDescriptor::Reader d : e.getDescriptors()) {
      if (c.verb_count == kMaxVerbs) break;
      VerbInfo& v = c.verbs[c.verb_count];
      v = VerbInfo();
      v.name = Keep(&cap_text_, d.getName());
      if (v.name.size == 0) continue;
      auto params = d.getParams();
      v.params = params.size() > 255 ? 255 : uint8_t(params.size());
      if (params.size() > 0) {
        v.text_param = params.size() == 1 && params[0].getType() == s::ParamType::TEXT;
        for (capnp::Text::Reader value : params[0].getValues()) {
          if (v.value_count == kMaxValues) break;
          TextRef kept = Keep(&cap_text_, value);
          if (kept.size != 0) v.values[v.value_count++] = kept;
        }
      }
      ++c.verb_count;
    }
    ++cap_count_;
  }
}

void CapCache::LoadServices(capnp::List<s::ServiceEntry>::Reader list) {
  service_count_ = 0;
  service_text_.Clear();
  for (s::ServiceEntry::Reader e : list) {
    if (service_count_ == kMaxServices) break;
    ServiceInfo& si = services_[service_count_];
    si = ServiceInfo();
    si.name = Keep(&service_text_, e.getName());
    if (si.name.size == 0) continue;
    // What the CLI does by default: name exactly the clientFacet grants.
    for (s::GrantDescriptor::Reader g : e.getGrants()) {
      if (g.getHolder() != s::GrantHolder::CLIENT_FACET || si.grant_count == kMaxGrants) continue;
      GrantInfo& gi = si.grants[si.grant_count];
      gi.name = Keep(&service_text_, g.getName());
      gi.interface_id = g.getInterfaceId();
      if (gi.name.size != 0) ++si.grant_count;
    }
    ++service_count_;
  }
}

const CapInfo* CapCache::FindCap(TextRef name) const {
  for (size_t i = 0; i < cap_count_; ++i) {
    if (shell::TextEquals(caps_[i].name, name)) return &caps_[i];
  }
  return nullptr;
}

const ServiceInfo* CapCache::FindService(TextRef name) const {
  for (size_t i = 0; i < service_count_; ++i) {
    if (shell::TextEquals(services_[i].name, name)) return &services_[i];
  }
  return nullptr;
}

const VerbInfo* CapCache::FindVerb(const CapInfo& cap, TextRef verb) {
  for (size_t i = 0; i < cap.verb_count; ++i) {
    if (shell::TextEquals(cap.verbs[i].name, verb)) return &cap.verbs[i];
  }
  return nullptr;
}

ShellCompleter::ShellCompleter(const CapCache* cache)
    : cache_(cache), commands_(&shell::ShellCommands(), this) {}

void ShellCompleter::Complete(TextRef line, size_t cursor, shell::Completions* out) {
  shell::CursorWord at;
  if (shell::SplitForCompletion(line, cursor, &words_, &at) == shell::SplitStatus::kOk &&
      at.index == 2) {
    // The third word of a game command: the verb's enum values.
    const shell::CommandSpec* command = shell::ShellCommands().Find(words_.at(0));
    const CapInfo* cap = command != nullptr && command->first_arg == shell::ArgSource::kVerbs
                             ? cache_->FindCap(shell::Text(command->name))
                             : nullptr;
    const VerbInfo* verb = cap != nullptr ? CapCache::FindVerb(*cap, words_.at(1)) : nullptr;
    out->Reset(at.start);
    if (verb != nullptr) {
      shell::CompleteFromList(shell::WordList{verb->values, verb->value_count}, at.text, out);
    }
    return;
  }
  commands_.Complete(line, cursor, out);
}

shell::WordList ShellCompleter::Words(shell::ArgSource source, const shell::CommandSpec& command) {
  size_t n = 0;
  if (source == shell::ArgSource::kCaps) {
    for (size_t i = 0; i < cache_->cap_count(); ++i) list_[n++] = cache_->cap(i).name;
  } else if (source == shell::ArgSource::kServices) {
    for (size_t i = 0; i < cache_->service_count(); ++i) list_[n++] = cache_->service(i).name;
  } else if (source == shell::ArgSource::kVerbs) {
    // The verbs of the cap named like the command ("adventure", "paperclips").
    const CapInfo* cap = cache_->FindCap(shell::Text(command.name));
    for (size_t i = 0; cap != nullptr && i < cap->verb_count; ++i) list_[n++] = cap->verbs[i].name;
  }
  return shell::WordList{list_, n};
}

}  // namespace shell_app
