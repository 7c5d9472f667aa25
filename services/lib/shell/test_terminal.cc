#include "services/lib/shell/test_terminal.h"

#include <gtest/gtest.h>

namespace shell::test {

TestTerminal::TestTerminal(const Options& options)
    : options_(options), screen_(options.width, options.height), buf_(LineEditor::kMaxKeyOutput) {
  LineEditor::Options eo;
  eo.width = uint32_t(options.width);
  eo.resize_model = options.model;
  eo.completer = options.completer;
  editor_ = std::make_unique<LineEditor>(eo);
  Output out(buf_.data(), buf_.size());
  EXPECT_TRUE(editor_->Begin(Text(options_.prompt.c_str()), &out));
  Flush(out);
}

void TestTerminal::Flush(const Output& out) {
  EXPECT_FALSE(out.truncated());
  if (out.size() > max_step_) max_step_ = out.size();
  output_.append(out.data(), out.size());
  screen_.Write(out.data(), out.size());
  EXPECT_EQ(screen_.unknown(), "");
  const std::string& prompt =
      options_.shown_prompt.empty() ? options_.prompt : options_.shown_prompt;
  const std::string region = CheckRegion(screen_, *editor_, prompt);
  EXPECT_EQ(region, "") << "line \"" << line() << "\" at width " << editor_->width();
}

std::vector<LineEditor::Event> TestTerminal::Type(const std::string& bytes) {
  std::vector<LineEditor::Event> events;
  for (size_t i = 0; i < bytes.size(); ++i) {
    Output out(buf_.data(), buf_.size());
    LineEditor::Event event;
    const size_t used = editor_->Feed(reinterpret_cast<const uint8_t*>(&bytes[i]), 1, &out, &event);
    EXPECT_EQ(used, 1u);
    Flush(out);
    if (event == LineEditor::Event::kNone) continue;
    events.push_back(event);
    if (event == LineEditor::Event::kLine) lines_.push_back(line());
    Output next(buf_.data(), buf_.size());
    EXPECT_TRUE(editor_->Begin(Text(options_.prompt.c_str()), &next));
    Flush(next);
  }
  return events;
}

void TestTerminal::Resize(size_t width) {
  const std::vector<std::string> above = TextAbove(screen_, *editor_, options_.model, width);
  screen_.Resize(width, options_.model);
  Output out(buf_.data(), buf_.size());
  EXPECT_TRUE(editor_->Resize(uint32_t(width), &out));
  Flush(out);
  EXPECT_EQ(
      CheckAboveKept(above, TextAbove(screen_, *editor_, options_.model, width), options_.model),
      "")
      << "resized to " << width;
}

void TestTerminal::Hide() {
  Output out(buf_.data(), buf_.size());
  EXPECT_TRUE(editor_->Hide(&out));
  Flush(out);
}

void TestTerminal::Show() {
  Output out(buf_.data(), buf_.size());
  EXPECT_TRUE(editor_->Show(&out));
  Flush(out);
}

void TestTerminal::Print(const std::string& text) {
  Hide();
  screen_.Write(text);
  output_ += text;
  Show();
}

}  // namespace shell::test
