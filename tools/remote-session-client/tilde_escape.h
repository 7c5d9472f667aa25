// ssh-style escapes on the keyboard stream of an interactive terminal: `~.`
// typed at the start of a line (after Enter, or as the very first keys)
// detaches; `~~` there sends one `~`. Anywhere else `~` is an ordinary byte.
// In raw mode Enter arrives as '\r' (and sometimes '\n'); both start a line.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_TILDE_ESCAPE_H_
#define TOOLS_REMOTE_SESSION_CLIENT_TILDE_ESCAPE_H_

#include <string>
#include <string_view>

namespace rsclient {

class TildeEscape {
 public:
  struct Result {
    std::string forward;  // bytes for the shell, in order
    bool detach = false;  // `~.` seen; bytes after it are dropped
  };

  // Feeds keys as they are read; a lone `~` at a line start is held until
  // the next key decides what it was.
  Result feed(std::string_view keys);

 private:
  enum class State { kLineStart, kMidLine, kTilde };
  State state_ = State::kLineStart;
};

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_TILDE_ESCAPE_H_
