#include "services/chat-server/chat_log.h"

#include <stdint.h>

namespace chat {
namespace {

// Appends into a fixed buffer, dropping what does not fit; the buffer is
// always NUL-terminated.
class Line {
 public:
  Line(char* out, size_t cap) : out_(out), cap_(cap) {
    if (cap_ > 0) out_[0] = '\0';
  }

  Line& Add(const char* s) {
    for (; *s != '\0'; ++s) Put(*s);
    return *this;
  }

  Line& Add(uint32_t v) {
    char digits[10];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) Put(digits[--n]);
    return *this;
  }

  size_t len() const { return len_; }

 private:
  void Put(char c) {
    if (len_ + 1 >= cap_) return;
    out_[len_++] = c;
    out_[len_] = '\0';
  }

  char* out_;
  size_t cap_;
  size_t len_ = 0;
};

}  // namespace

size_t FormatJoinLog(const Member& m, char* out, size_t cap) {
  Line line(out, cap);
  line.Add("chat: join from session m").Add(m.handle);
  line.Add(" class=").Add(PrincipalName(m.principal));
  line.Add(" auth=").Add(AuthName(m.auth));
  line.Add(" profile=").Add(ProfileName(m.profile));
  return line.len();
}

size_t FormatLeaveLog(const Member& m, const char* why, char* out, size_t cap) {
  Line line(out, cap);
  line.Add("chat: leave session m").Add(m.handle);
  line.Add(" class=").Add(PrincipalName(m.principal));
  line.Add(" (").Add(why).Add(")");
  return line.len();
}

}  // namespace chat
