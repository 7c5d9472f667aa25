// The shell's text for the session's answers, laid out for the terminal's
// width (services/lib/shell/layout.h) and worded as the host CLI words
// them (tools/remote-session-client/render*.cc). Every text in an answer
// may come from someone else (a chat peer, a game, a service's catalog
// entry) and is printed as untrusted: through the layout helpers, which
// drop controls and escapes.
#pragma once

#include <stddef.h>

#include "schema/remote_session.capnp.h"
#include "services/lib/shell/ansi.h"

namespace shell_app {

// One line wrapped at width, continuation lines indented; ends "\r\n".
void PutLine(shell::Output* out, shell::TextRef text, size_t width, size_t indent = 0,
             shell::Color color = shell::Color::kDefault);
// "label: a, b, c" (or "label: none"), wrapped with a hanging indent.
void PutList(shell::Output* out, const char* label, capnp::List<capnp::Text>::Reader items,
             size_t width, const char* none = "none");

void RenderSession(shell::Output* out, capos::schema::SessionView::Reader v, size_t width);
void RenderServiceState(shell::Output* out, capos::schema::ServiceStatus::Reader s, size_t width);
void RenderService(shell::Output* out, capos::schema::ServiceEntry::Reader e, size_t width);
void RenderMethods(shell::Output* out, capos::schema::CapSetEntry::Reader e, size_t width);
void RenderAdventure(shell::Output* out, capos::schema::AdventureView::Reader v, size_t width);
void RenderPaperclips(shell::Output* out, capos::schema::PaperclipsView::Reader v, size_t width);
// A game's outcome: its message, or "[outcome] message (nothing changed)".
void RenderOutcome(shell::Output* out, capnp::Text::Reader outcome, capnp::Text::Reader message,
                   size_t width);

}  // namespace shell_app
