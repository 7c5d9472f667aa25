#include "tools/remote-session-client/tilde_escape.h"

namespace rsclient {
namespace {

bool is_newline(char c) {
  return c == '\r' || c == '\n';
}

}  // namespace

TildeEscape::Result TildeEscape::feed(std::string_view keys) {
  Result r;
  for (char c : keys) {
    switch (state_) {
      case State::kLineStart:
        if (c == '~') {
          state_ = State::kTilde;  // held: `.` or `~` may follow
          continue;
        }
        r.forward += c;
        state_ = is_newline(c) ? State::kLineStart : State::kMidLine;
        break;
      case State::kMidLine:
        r.forward += c;
        if (is_newline(c)) state_ = State::kLineStart;
        break;
      case State::kTilde:
        if (c == '.') {
          r.detach = true;
          state_ = State::kLineStart;
          return r;
        }
        // `~~` is one literal `~`; any other key releases the held `~` too.
        r.forward += '~';
        if (c != '~') r.forward += c;
        state_ = c != '~' && is_newline(c) ? State::kLineStart : State::kMidLine;
        break;
    }
  }
  return r;
}

}  // namespace rsclient
