// The shell's commands as data: one table of names, usages, summaries and
// argument specs that `help`, argument checks and Tab completion all read,
// so they cannot disagree. Words that exist only at run time (the
// session's cap names, the service catalog, a service's verbs from its
// descriptors) come from a WordSource the shell implements over what its
// session holds; this library never sees a cap.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/shell/ansi.h"
#include "services/lib/shell/command_line.h"
#include "services/lib/shell/completions.h"

namespace shell {

// Where a command's first argument comes from (for completion).
enum class ArgSource : uint8_t {
  kNone,      // no argument, or free text: nothing to complete
  kCommands,  // a command name (help)
  kCaps,      // a cap name of the session's CapSet (caps)
  kServices,  // a service of the catalog (launch, stop)
  kVerbs,     // a verb of the service the command is named after
};

inline constexpr uint8_t kAnyArgs = 255;  // max_args: no limit but the line's

struct CommandSpec {
  uint8_t id;           // the shell's own number for it (see shell_commands.h)
  const char* name;     // what is typed
  const char* usage;    // "launch SERVICE"
  const char* summary;  // one sentence for `help`
  ArgSource first_arg;
  // First-argument words the shell itself defines ("join", "send", ...),
  // offered besides the ArgSource's.
  const char* const* fixed;
  uint8_t fixed_count;
  uint8_t min_args;  // words after the name
  uint8_t max_args;  // kAnyArgs for free text
};

struct WordList {
  const TextRef* words = nullptr;
  size_t size = 0;
};

// Implemented by the shell over its CapSet view and descriptors.
class WordSource {
 public:
  virtual WordList Words(ArgSource source, const CommandSpec& command) = 0;

 protected:
  ~WordSource() = default;
};

class CommandTable {
 public:
  constexpr CommandTable(const CommandSpec* specs, size_t size) : specs_(specs), size_(size) {}
  size_t size() const { return size_; }
  const CommandSpec& at(size_t i) const { return specs_[i]; }
  const CommandSpec* Find(TextRef name) const;  // exact name; nullptr if none

 private:
  const CommandSpec* specs_;
  size_t size_;
};

enum class ArgsCheck : uint8_t { kOk, kTooFew, kTooMany };
// words[0] is the command's name.
ArgsCheck CheckArgs(const CommandSpec& command, const Words& words);

// `help`: every command's usage and summary, laid out for `width`.
void PrintHelp(const CommandTable& table, Output* out, size_t width);
// `help NAME` and argument errors: "usage: ...", then the summary.
void PrintUsage(const CommandSpec& command, Output* out, size_t width);

// Adds the words starting with prefix, escaped (EscapeWord) when needed.
void CompleteFromList(WordList words, TextRef prefix, Completions* out);

// Tab completion over a table: the first word from the command names, the
// second from the command's ArgSource and fixed words; nothing after.
class CommandCompleter final : public Completer {
 public:
  CommandCompleter(const CommandTable* table, WordSource* source)
      : table_(table), source_(source) {}
  void Complete(TextRef line, size_t cursor, Completions* out) override;

 private:
  const CommandTable* table_;
  WordSource* source_;  // may be null: only the table's own words
  Words words_;
};

}  // namespace shell
