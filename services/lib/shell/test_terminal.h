// Test only: a LineEditor wired to a VtScreen. Type() feeds bytes one at a
// time, checks after every byte that the output stayed within
// kMaxKeyOutput and that the screen shows the region (CheckRegion), and
// records each event; after an event it begins a new line with the same
// prompt, as the shell will.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "services/lib/shell/line_editor.h"
#include "services/lib/shell/vt_screen.h"

namespace shell::test {

class TestTerminal {
 public:
  struct Options {
    size_t width = 80;
    size_t height = 24;
    ResizeModel model = ResizeModel::kKeepRows;
    Completer* completer = nullptr;
    std::string prompt = "> ";
    // What the prompt shows once the editor has dropped its controls, when
    // that is not Plain(prompt).
    std::string shown_prompt;

    // Chained setters (GCC warns on designated initializers that skip members).
    Options& Width(size_t v) {
      width = v;
      return *this;
    }
    Options& Height(size_t v) {
      height = v;
      return *this;
    }
    Options& Model(ResizeModel v) {
      model = v;
      return *this;
    }
    Options& WithCompleter(Completer* v) {
      completer = v;
      return *this;
    }
    Options& Prompt(std::string v) {
      prompt = std::move(v);
      return *this;
    }
    Options& ShownPrompt(std::string v) {
      shown_prompt = std::move(v);
      return *this;
    }
  };
  explicit TestTerminal(const Options& options);
  TestTerminal() : TestTerminal(Options{}) {}

  // Feeds every byte; returns the events in order.
  std::vector<LineEditor::Event> Type(const std::string& bytes);
  void Resize(size_t width);
  void Hide();
  void Show();
  // Prints text the way the shell will: Hide, text, Show.
  void Print(const std::string& text);

  std::vector<std::string> Rows() const { return screen_.Rows(); }
  std::string Row(size_t r) const { return screen_.Row(r); }
  const VtScreen& screen() const { return screen_; }
  LineEditor& editor() { return *editor_; }
  std::string line() const { return std::string(editor_->line().data, editor_->line().size); }
  // The lines finished with Enter, in order.
  const std::vector<std::string>& lines() const { return lines_; }
  // Every byte the editor wrote.
  const std::string& output() const { return output_; }
  // The largest output of one byte, Resize, Hide or Show.
  size_t max_step_output() const { return max_step_; }

 private:
  void Flush(const Output& out);

  Options options_;
  std::unique_ptr<LineEditor> editor_;
  VtScreen screen_;
  std::vector<char> buf_;
  std::vector<std::string> lines_;
  std::string output_;
  size_t max_step_ = 0;
};

}  // namespace shell::test
