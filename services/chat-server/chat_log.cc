#include "services/chat-server/chat_log.h"

#include <stdint.h>

#include "libcaprt/runtime/text_line.h"

namespace chat {
namespace {

using Line = caprt::TextLine;

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
