// The shell's commands (services/lib/shell/shell_commands.h): each one the
// session's own Request, its answer rendered for the terminal's width.
#include <string.h>

#include "layout/adventure.capnp.layout.h"
#include "layout/authority.capnp.layout.h"
#include "layout/paperclips.capnp.layout.h"
#include "services/lib/shell/layout.h"
#include "services/shell/names.h"
#include "services/shell/render.h"
#include "services/shell/shell_session.h"

namespace shell_app {
namespace {

namespace s = capos::schema;
namespace L = capos::layout;
using shell::Color;
using shell::Output;
using shell::TextRef;

TextRef Ref(capnp::Text::Reader t) {
  return TextRef{t.begin(), t.size()};
}
capnp::Text::Reader CapText(TextRef t) {
  return capnp::Text::Reader(t.data, t.size);
}

}  // namespace

void ShellSession::PrintIndented(Output* out, TextRef text, size_t indent, Color color) {
  PutLine(out, text, width(), indent, color);
}

void ShellSession::RunLine(TextRef line) {
  line_len_ = line.size < sizeof(line_) ? line.size : sizeof(line_);
  memcpy(line_, line.data, line_len_);
  const shell::SplitStatus split = shell::SplitLine(TextRef{line_, line_len_}, &words_);
  Room(1024);
  if (split != shell::SplitStatus::kOk) return PrintError(&out_, shell::SplitStatusMessage(split));
  if (words_.size() == 0) return;
  const shell::CommandSpec* command = shell::ShellCommands().Find(words_.at(0));
  if (command == nullptr) {
    LineBuf b;
    b.Add("unknown command: ").Add(words_.at(0).data, words_.at(0).size).Add(" (try help)");
    return PrintLine(&out_, TextRef{b.data(), b.size()}, Color::kRed, 2);
  }
  if (shell::CheckArgs(*command, words_) != shell::ArgsCheck::kOk) {
    Output o = Scratch();
    shell::PrintUsage(*command, &o, width());
    return Emit(o);
  }
  Dispatch(*command);
}

void ShellSession::Dispatch(const shell::CommandSpec& command) {
  switch (shell::CommandOf(command)) {
    case shell::ShellCommand::kHelp: {
      Output o = Scratch();
      const shell::CommandSpec* about =
          words_.size() > 1 ? shell::ShellCommands().Find(words_.at(1)) : nullptr;
      if (words_.size() > 1 && about == nullptr) {
        PrintError(&o, "help: no such command");
      } else if (about != nullptr) {
        shell::PrintUsage(*about, &o, width());
      } else {
        shell::PrintHelp(shell::ShellCommands(), &o, width());
      }
      return Emit(o);
    }
    case shell::ShellCommand::kWhoami:
      return Whoami();
    case shell::ShellCommand::kCaps:
      return Caps();
    case shell::ShellCommand::kMotd:
      return Motd();
    case shell::ShellCommand::kChat:
      return Chat();
    case shell::ShellCommand::kServices:
      return Services();
    case shell::ShellCommand::kLaunch:
      return Launch();
    case shell::ShellCommand::kStop:
      return Stop();
    case shell::ShellCommand::kAdventure:
      return Game(false);
    case shell::ShellCommand::kPaperclips:
      return Game(true);
    case shell::ShellCommand::kTranscript:
      return Transcript();
    case shell::ShellCommand::kClear:
      shell::ClearScreen(&out_);
      return;
    case shell::ShellCommand::kExit:
      done_ = true;
      return;
  }
}

void ShellSession::Whoami() {
  Run(
      false, [](s::Request::Builder r) { r.setSessionInfo(); },
      [&](s::Response::Reader r, Output* o) {
        if (r.isSessionInfo()) RenderSession(o, r.getSessionInfo(), width());
      });
}

bool ShellSession::RefreshCaps(bool report) {
  return Run(
             true, [](s::Request::Builder r) { r.setCapSetList(); },
             [&](s::Response::Reader r, Output*) {
               if (r.isCapSet()) cache_.LoadCaps(r.getCapSet());
             },
             report) == Outcome::kOk;
}

bool ShellSession::RefreshServices() {
  return Run(
             true, [](s::Request::Builder r) { r.setServiceCatalog(); },
             [&](s::Response::Reader r, Output*) {
               if (r.isServiceCatalog()) cache_.LoadServices(r.getServiceCatalog());
             },
             false) == Outcome::kOk;
}

void ShellSession::Caps() {
  const bool one = words_.size() > 1;
  const TextRef name = one ? words_.at(1) : TextRef{};
  Run(
      false, [](s::Request::Builder r) { r.setCapSetList(); },
      [&](s::Response::Reader r, Output* o) {
        if (!r.isCapSet()) return;
        cache_.LoadCaps(r.getCapSet());
        if (one) {
          for (s::CapSetEntry::Reader e : r.getCapSet()) {
            if (shell::TextEquals(Ref(e.getName()), name)) return RenderMethods(o, e, width());
          }
          return PrintError(o, "caps: this session holds no cap of that name");
        }
        static const char* const kHeaders[] = {"NAME", "INTERFACE", "POLICY"};
        table_.Reset(kHeaders, 3);
        for (s::CapSetEntry::Reader e : r.getCapSet()) {
          const TextRef row[] = {Ref(e.getName()), Ref(e.getInterfaceName()), Ref(e.getPolicy())};
          table_.AddRow(row);
        }
        table_.Print(o, width());
      });
}

uint64_t ShellSession::InterfaceOf(const char* cap, uint64_t fallback) const {
  const CapInfo* c = cache_.FindCap(shell::Text(cap));
  return c != nullptr ? c->interface_id : fallback;
}

ShellSession::Outcome ShellSession::CallCap(const char* cap, uint64_t default_iface, bool quiet,
                                            kj::FunctionParam<void(s::Call::Builder)> fill,
                                            Read read, bool report) {
  const uint64_t iface = InterfaceOf(cap, default_iface);
  return Run(
      quiet,
      [&](s::Request::Builder r) {
        s::Call::Builder c = r.initCall();
        c.setCapName(cap);
        c.setInterfaceId(iface);
        fill(c);
      },
      read, report);
}

void ShellSession::Motd() {
  CallCap(
      "system_info", L::SystemInfo::kId, false, [](s::Call::Builder c) { c.setSystemMotd(); },
      [&](s::Response::Reader r, Output* o) {
        if (r.isCallResult() && r.getCallResult().isText()) {
          PutLine(o, Ref(r.getCallResult().getText()), width());
        }
      });
}

void ShellSession::Services() {
  Run(
      false, [](s::Request::Builder r) { r.setServiceCatalog(); },
      [&](s::Response::Reader r, Output* o) {
        if (!r.isServiceCatalog()) return;
        cache_.LoadServices(r.getServiceCatalog());
        if (r.getServiceCatalog().size() == 0) PutLine(o, shell::Text("no services"), width());
        for (s::ServiceEntry::Reader e : r.getServiceCatalog()) RenderService(o, e, width());
      });
}

void ShellSession::Launch() {
  const TextRef name = words_.at(1);
  RefreshServices();  // the grants as the catalog says now
  const ServiceInfo* service = cache_.FindService(name);
  Run(
      false,
      [&](s::Request::Builder r) {
        s::ServiceLaunch::Builder l = r.initServiceLaunch();
        l.setProfile(CapText(name));
        l.setBinary("");
        const size_t n = service != nullptr ? service->grant_count : 0;
        auto grants = l.initGrants(uint32_t(n));
        for (size_t i = 0; i < n; ++i) {
          grants[i].setName(CapText(service->grants[i].name));
          grants[i].setInterfaceId(service->grants[i].interface_id);
        }
      },
      [&](s::Response::Reader r, Output* o) {
        if (r.isServiceState()) RenderServiceState(o, r.getServiceState(), width());
      });
  RefreshCaps(false);  // its exports, and their verbs for Tab
}

void ShellSession::Stop() {
  const TextRef name = words_.at(1);
  Run(
      false, [&](s::Request::Builder r) { r.setServiceStop(CapText(name)); },
      [&](s::Response::Reader r, Output* o) {
        if (r.isServiceState()) RenderServiceState(o, r.getServiceState(), width());
      });
  RefreshCaps(false);
}

void ShellSession::Transcript() {
  Run(
      false, [](s::Request::Builder r) { r.setExportTranscript(); },
      [&](s::Response::Reader r, Output* o) {
        if (!r.isTranscript()) return;
        static const char* const kHeaders[] = {"SEQ", "+MS", "KIND", "OUTCOME", "DETAIL"};
        table_.Reset(kHeaders, 5);
        for (s::TranscriptEvent::Reader e : r.getTranscript()) {
          char seq[24], ms[24];
          const TextRef row[] = {table_.Copy(seq, FormatUint(e.getSeq(), seq)),
                                 table_.Copy(ms, FormatUint(e.getAtMs(), ms)), Ref(e.getKind()),
                                 Ref(e.getOutcome()), Ref(e.getDetail())};
          table_.AddRow(row);
        }
        table_.Print(o, width());
      });
}

void ShellSession::Game(bool paperclips) {
  const char* cap = paperclips ? "paperclips" : "adventure";
  const TextRef verb = words_.at(1);
  if (paperclips && shell::TextEquals(verb, shell::Text("play")) && words_.size() == 2) {
    return StartPlay();
  }
  if (cache_.FindCap(shell::Text(cap)) == nullptr) RefreshCaps(false);  // launched elsewhere?
  const CapInfo* info = cache_.FindCap(shell::Text(cap));
  const VerbInfo* v = info != nullptr ? CapCache::FindVerb(*info, verb) : nullptr;
  // A verb of one text parameter takes the rest of the line (`say hello
  // there`); otherwise each word is one argument and the core checks them.
  LineBuf joined;
  const bool join = v != nullptr && v->text_param && words_.size() > 3;
  for (size_t i = 2; join && i < words_.size(); ++i) {
    joined.Add(i == 2 ? "" : " ").Add(words_.at(i).data, words_.at(i).size);
  }
  CallCap(
      cap, paperclips ? L::Paperclips::kId : L::Adventure::kId, false,
      [&](s::Call::Builder c) {
        s::Command::Builder cmd = paperclips ? c.initPaperclips() : c.initAdventure();
        cmd.setVerb(CapText(verb));
        if (join) {
          cmd.initArgs(1).set(0, capnp::Text::Reader(joined.data(), joined.size()));
          return;
        }
        auto args = cmd.initArgs(uint32_t(words_.size() - 2));
        for (size_t i = 2; i < words_.size(); ++i) args.set(uint32_t(i - 2), CapText(words_.at(i)));
      },
      [&](s::Response::Reader r, Output* o) {
        if (!r.isCallResult()) return;
        s::CallResult::Reader c = r.getCallResult();
        if (c.isAdventure()) RenderAdventure(o, c.getAdventure(), width());
        if (c.isPaperclips()) RenderPaperclips(o, c.getPaperclips(), width());
      });
}

}  // namespace shell_app
