// The commands of services/shell (issue 12), as one CommandTable: `help`
// prints it, the completer completes from it, and the shell dispatches on
// ShellCommand. What each command does is the shell's (it needs the
// session's caps); only their names, usages, summaries and argument specs
// live here.
#pragma once

#include <stdint.h>

#include "services/lib/shell/command_table.h"

namespace shell {

enum class ShellCommand : uint8_t {
  kHelp,
  kWhoami,
  kCaps,
  kMotd,
  kChat,
  kServices,
  kLaunch,
  kStop,
  kAdventure,
  kPaperclips,
  kTranscript,
  kClear,
  kExit,
};

const CommandTable& ShellCommands();
// The command of a table entry (its id as the enum).
inline ShellCommand CommandOf(const CommandSpec& spec) {
  return ShellCommand(spec.id);
}

}  // namespace shell
