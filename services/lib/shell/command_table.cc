#include "services/lib/shell/command_table.h"

#include "services/lib/shell/layout.h"

namespace shell {

const CommandSpec* CommandTable::Find(TextRef name) const {
  for (size_t i = 0; i < size_; ++i) {
    if (TextEquals(Text(specs_[i].name), name)) return &specs_[i];
  }
  return nullptr;
}

ArgsCheck CheckArgs(const CommandSpec& command, const Words& words) {
  const size_t args = words.size() > 0 ? words.size() - 1 : 0;
  if (args < command.min_args) return ArgsCheck::kTooFew;
  if (command.max_args != kAnyArgs && args > command.max_args) return ArgsCheck::kTooMany;
  return ArgsCheck::kOk;
}

void PrintHelp(const CommandTable& table, Output* out, size_t width) {
  // The usage column is as wide as the widest usage, up to a third of the
  // screen; longer usages put their summary on the next line.
  size_t term = 0;
  for (size_t i = 0; i < table.size(); ++i) {
    const size_t w = SafeColumns(Text(table.at(i).usage));
    if (w > term) term = w;
  }
  if (term > width / 3) term = width / 3;
  for (size_t i = 0; i < table.size(); ++i) {
    PrintDefinition(out, Text(table.at(i).usage), Text(table.at(i).summary), term, width,
                    Color::kCyan);
  }
}

void PrintUsage(const CommandSpec& command, Output* out, size_t width) {
  SetColor(out, Color::kCyan, true);
  size_t col = WrapText(out, Text("usage:"), width, 0, 0);
  if (col + 1 < width) {
    out->Put(' ');
    ++col;
  } else {
    out->Put("\r\n", 2);
    col = 0;
  }
  WrapText(out, Text(command.usage), width, col, 2);
  ResetStyle(out);
  out->Put("\r\n", 2);
  WrapText(out, Text(command.summary), width, 0, 2);
  out->Put("\r\n", 2);
}

void CompleteFromList(WordList words, TextRef prefix, Completions* out) {
  for (size_t i = 0; i < words.size; ++i) {
    if (!TextStartsWith(words.words[i], prefix)) continue;
    char buf[kMaxCandidateBytes];
    size_t n = 0;
    if (EscapeWord(words.words[i], buf, sizeof(buf), &n)) out->Add(TextRef{buf, n});
  }
}

void CommandCompleter::Complete(TextRef line, size_t cursor, Completions* out) {
  CursorWord at;
  if (SplitForCompletion(line, cursor, &words_, &at) != SplitStatus::kOk) return;
  out->Reset(at.start);
  if (at.index == 0) {
    for (size_t i = 0; i < table_->size(); ++i) {
      if (TextStartsWith(Text(table_->at(i).name), at.text)) out->Add(Text(table_->at(i).name));
    }
    return;
  }
  const CommandSpec* command = table_->Find(words_.at(0));
  if (command == nullptr || at.index != 1 || command->max_args == 0) return;
  for (size_t i = 0; i < command->fixed_count; ++i) {
    if (TextStartsWith(Text(command->fixed[i]), at.text)) out->Add(Text(command->fixed[i]));
  }
  if (command->first_arg == ArgSource::kCommands) {
    for (size_t i = 0; i < table_->size(); ++i) {
      if (TextStartsWith(Text(table_->at(i).name), at.text)) out->Add(Text(table_->at(i).name));
    }
  } else if (command->first_arg != ArgSource::kNone && source_ != nullptr) {
    CompleteFromList(source_->Words(command->first_arg, *command), at.text, out);
  }
}

}  // namespace shell
