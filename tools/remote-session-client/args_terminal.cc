// Grammar of `terminal [list | attach ID] [--follow | --resume] [--state FILE]
// [--idle-exit MS] [--close] [--help]`. The global options (host, port, user,
// password file, --guest, ...) come before `terminal`, as for every command;
// they describe the login a terminal run makes when it cannot resume.
#include <string>
#include <vector>

#include "tools/remote-session-client/args.h"
#include "tools/remote-session-client/args_internal.h"

namespace rsclient {

using namespace grammar;

bool parse_terminal(const std::vector<std::string>& rest, const Step& login, Options* o,
                    std::string* error) {
  TerminalOptions t;
  std::vector<std::string> words;  // positional words after `terminal`
  for (size_t i = 1; i < rest.size(); ++i) {
    std::string name;
    std::optional<std::string> value;
    split_eq(rest[i], &name, &value);
    auto need = [&](std::string* dst) {
      if (value) {
        *dst = *value;
        return true;
      }
      if (i + 1 >= rest.size()) {
        *error = "terminal: " + name + " needs a value";
        return false;
      }
      *dst = rest[++i];
      return true;
    };
    if (!starts_with(name, "-")) {
      words.push_back(rest[i]);
    } else if ((name == "--help" || name == "-h") && !value) {
      t.help = true;
    } else if (name == "--follow" && !value) {
      t.follow = true;
    } else if (name == "--resume" && !value) {
      t.resume = true;
    } else if (name == "--close" && !value) {
      t.close = true;
    } else if (name == "--state") {
      if (!need(&t.state_file)) return false;
      if (t.state_file.empty()) {
        *error = "terminal: --state must not be empty";
        return false;
      }
    } else if (name == "--idle-exit") {
      std::string v;
      uint64_t ms = 0;
      if (!need(&v)) return false;
      if (starts_with(v, "0x") || !parse_u64(v, &ms) || ms > 600000) {
        *error = "terminal: --idle-exit: MS must be 0..600000";
        return false;
      }
      t.idle_exit_ms = static_cast<uint32_t>(ms);
    } else {
      *error = "terminal: unknown option '" + name + "' (see terminal --help)";
      return false;
    }
  }
  if (t.help) {
    o->terminal = t;
    return true;
  }
  if (!words.empty() && words[0] == "list") {
    if (words.size() != 1) {
      *error = "usage: terminal list";
      return false;
    }
    if (t.follow || t.resume || t.close) {
      *error = "terminal list: takes none of --follow, --resume, --close";
      return false;
    }
    t.action = TerminalOptions::Action::kList;
  } else if (!words.empty() && words[0] == "attach") {
    uint64_t id = 0;
    if (words.size() != 2) {
      *error = "usage: terminal attach ID [--follow | --resume]";
      return false;
    }
    if (!parse_u64(words[1], &id) || id == 0 || id > UINT32_MAX) {
      *error = "terminal attach: ID must be a terminal number (1, 2, ...), got '" + words[1] + "'";
      return false;
    }
    t.action = TerminalOptions::Action::kAttach;
    t.id = static_cast<uint32_t>(id);
  } else if (!words.empty()) {
    *error = "terminal: unexpected '" + words[0] + "' (list, attach ID, or options; see --help)";
    return false;
  } else if (t.follow || t.resume) {
    t.action = TerminalOptions::Action::kAttach;  // the state file's terminal
  }
  if (t.follow && t.resume) {
    *error = "terminal: --follow and --resume exclude each other";
    return false;
  }
  if (t.follow && t.close) {
    *error = "terminal: a follower cannot --close the terminal";
    return false;
  }
  if (o->json && t.action != TerminalOptions::Action::kList) {
    *error = "terminal: --json applies to `terminal list` only (the terminal itself is raw bytes)";
    return false;
  }
  o->terminal = t;
  o->steps.clear();
  o->steps.push_back(login);
  return true;
}

}  // namespace rsclient
