#include "services/lib/shell/shell_commands.h"

namespace shell {
namespace {

constexpr const char* kChatVerbs[] = {"join", "send", "who", "leave"};
// The full-screen view is the shell's own; the game's verbs come from its
// descriptors at run time (WordSource, ArgSource::kVerbs).
constexpr const char* kPaperclipsShellVerbs[] = {"play"};

constexpr uint8_t Id(ShellCommand c) {
  return uint8_t(c);
}

constexpr CommandSpec kCommands[] = {
    {Id(ShellCommand::kHelp), "help", "help [COMMAND]",
     "List the commands, or show how to use one.", ArgSource::kCommands, nullptr, 0, 0, 1},
    {Id(ShellCommand::kWhoami), "whoami", "whoami",
     "Who this session is: principal, login method and profile.", ArgSource::kNone, nullptr, 0, 0,
     0},
    {Id(ShellCommand::kCaps), "caps", "caps [CAP]",
     "The caps this shell holds (the session's CapSet), or one cap's methods.", ArgSource::kCaps,
     nullptr, 0, 0, 1},
    {Id(ShellCommand::kMotd), "motd", "motd", "The message of the day.", ArgSource::kNone, nullptr,
     0, 0, 0},
    {Id(ShellCommand::kChat), "chat", "chat join | send TEXT | who | leave",
     "Join the chat room, send a message, see who is there, or leave. Messages show as they "
     "arrive.",
     ArgSource::kNone, kChatVerbs, 4, 1, kAnyArgs},
    {Id(ShellCommand::kServices), "services", "services",
     "The service catalog: what this session may launch, what runs, and why not.", ArgSource::kNone,
     nullptr, 0, 0, 0},
    {Id(ShellCommand::kLaunch), "launch", "launch SERVICE",
     "Start a service from the catalog; it stops when the session ends.", ArgSource::kServices,
     nullptr, 0, 1, 1},
    {Id(ShellCommand::kStop), "stop", "stop SERVICE", "Stop a service this session launched.",
     ArgSource::kServices, nullptr, 0, 1, 1},
    {Id(ShellCommand::kAdventure), "adventure", "adventure VERB [ARGS...]",
     "Play Adventure (launch it first): look, go north, take lamp, ...", ArgSource::kVerbs, nullptr,
     0, 1, kAnyArgs},
    {Id(ShellCommand::kPaperclips), "paperclips", "paperclips VERB [ARGS...]",
     "Play Paperclips (launch it first); `paperclips play` is the full-screen view, q quits.",
     ArgSource::kVerbs, kPaperclipsShellVerbs, 1, 1, kAnyArgs},
    {Id(ShellCommand::kTranscript), "transcript", "transcript",
     "This session's transcript (redacted).", ArgSource::kNone, nullptr, 0, 0, 0},
    {Id(ShellCommand::kClear), "clear", "clear", "Clear the screen (Ctrl-L redraws the line).",
     ArgSource::kNone, nullptr, 0, 0, 0},
    {Id(ShellCommand::kExit), "exit", "exit", "End this shell and its terminal (Ctrl-D too).",
     ArgSource::kNone, nullptr, 0, 0, 0},
};

constexpr CommandTable kTable(kCommands, sizeof(kCommands) / sizeof(kCommands[0]));

}  // namespace

const CommandTable& ShellCommands() {
  return kTable;
}

}  // namespace shell
