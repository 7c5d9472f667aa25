// The session half of a terminal run: sessionResume with the saved ticket,
// else the same login every other command makes (Client, args.h).
#include <unistd.h>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/terminal_cmd.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;

std::string ticket_of(rs::SessionView::Reader v) {
  auto t = v.getResumeTicket();
  return std::string(reinterpret_cast<const char*>(t.begin()), t.size());
}

}  // namespace

void say(int fd, const std::string& line) {
  const std::string text = line + "\n";
  (void)!write(fd, text.data(), text.size());
}

bool terminal_session(const Options& o, const TerminalIo& io, Connection* conn,
                      const std::string& saved_ticket, std::string* ticket,
                      std::unique_ptr<TerminalLink>* link, Failure* fail) {
  uint32_t next_id = 1;
  if (!saved_ticket.empty()) {
    auto l = std::make_unique<TerminalLink>(conn, next_id, o.timeout_ms);
    capnp::MallocMessageBuilder msg;
    msg.initRoot<rs::Request>().setSessionResume(capnp::Data::Reader(
        reinterpret_cast<const capnp::byte*>(saved_ticket.data()), saved_ticket.size()));
    uint32_t id = 0;
    Reply reply;
    if (!l->send(msg, &id, fail) || !l->await(id, &reply, fail)) return false;
    auto r = reply->getRoot<rs::Response>().asReader();
    if (r.isLoggedIn()) {
      *ticket = ticket_of(r.getLoggedIn());
      if (ticket->empty()) *ticket = saved_ticket;  // the old one stays valid
      *link = std::move(l);
      return true;
    }
    if (!r.isDenied() || r.getRequestId() == 0) {
      *fail = {r.isDenied() ? kExitDenied : kExitProtocol,
               r.isDenied() ? reply_problem(r) : "protocol error: unexpected response variant"};
      return false;
    }
    say(io.err_fd, "terminal: the saved session was refused (" + reply_problem(r) +
                       "; it ended or the guest restarted); logging in again");
    next_id = id + 1;
  }
  ClientHooks hooks;
  hooks.password = io.password;
  StepOutcome last;
  hooks.emit = [&last](const StepOutcome& out) { last = out; };
  Client client(o, conn, hooks);
  client.set_next_request_id(next_id);
  const int code = client.run(o.steps);
  if (code != kExitOk) {
    // The login's own line ("login: denied: authDenied ..."), never stdout:
    // stdout carries only the terminal's bytes.
    *fail = {code, last.step != nullptr ? render_human(last) : "login failed"};
    return false;
  }
  if (last.response) {
    auto r = last.response->getRoot<rs::Response>().asReader();
    if (r.isLoggedIn()) *ticket = ticket_of(r.getLoggedIn());
  }
  *link = std::make_unique<TerminalLink>(conn, client.next_request_id(), o.timeout_ms);
  return true;
}

}  // namespace rsclient
