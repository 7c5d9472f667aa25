// The human renderers of single DTOs behind render_human (render.h), one
// file per family. Every gateway string goes through printable().
#ifndef TOOLS_REMOTE_SESSION_CLIENT_RENDER_PARTS_H_
#define TOOLS_REMOTE_SESSION_CLIENT_RENDER_PARTS_H_

#include <cstdint>
#include <string>

#include "schema/remote_session.capnp.h"

namespace rsclient::render {

namespace rs = capos::schema;

std::string hex(uint64_t v);  // 0x and 16 digits, as interface ids are shown
// The items, printable, separated by ", "; `none` when there are none.
std::string list_text(capnp::List<capnp::Text>::Reader items, const char* none = "none");

// render_services.cc
std::string catalog_text(capnp::List<rs::ServiceEntry>::Reader services);
std::string status_text(rs::ServiceStatus::Reader status);
std::string denial_text(rs::RemoteDenial::Reader denial);
// Generated from the entry's MethodDescriptors, never from a per-method table.
std::string help_text(rs::CapSetEntry::Reader entry);

// render_games.cc
std::string adventure_text(rs::AdventureView::Reader view);
std::string paperclips_text(rs::PaperclipsView::Reader view);
std::string money(uint64_t cents);  // $x.yy

// render_terminal.cc
// `terminal list`: one row per terminal, "no terminals" when there are none.
std::string terminal_table(capnp::List<rs::TerminalView>::Reader terminals);
// Any TerminalReply as one line (generic output of a terminal call).
std::string terminal_reply_text(rs::TerminalReply::Reader reply);
// "denied: tooManyTerminals (limit 4)" for a status that is not ok.
std::string terminal_denial(rs::TerminalReply::Reader reply);

}  // namespace rsclient::render

#endif  // TOOLS_REMOTE_SESSION_CLIENT_RENDER_PARTS_H_
