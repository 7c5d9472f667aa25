// libFuzzer target over LineEditor: arbitrary bytes at arbitrary widths,
// with resizes, lines printed above the edited one and multi-byte feeds.
// The output is read back by the test screen model, and after every step:
//   - one input byte (or a Resize, Hide, Show, Begin) wrote at most
//     kMaxKeyOutput bytes and never overflowed its buffer;
//   - the line is at most kMaxLineBytes of clean UTF-8;
//   - the screen shows the prompt and the line from the region's start,
//     the cursor where the editor says, nothing left over below, and no
//     sequence the model does not know;
//   - a resize keeps what is above the region (nothing erased, nothing of
//     the old region left behind), under the input's ResizeModel.
//
// Input: [model u8][width u8][prompt length u8][prompt...] then steps:
//   op 0x00-0x3F: feed the next op+1 bytes one at a time
//   op 0x40-0x7F: resize to 1 + next byte % 120
//   op 0x80-0xBF: print a line above the edited one (Hide, text, Show)
//   op 0xC0-0xFF: feed the next (op & 0x3F) + 1 bytes in one Feed call,
//                 flushing whenever it stops early
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <memory>
#include <string>
#include <vector>

#include "services/lib/shell/line_editor.h"
#include "services/lib/shell/utf8.h"
#include "services/lib/shell/vt_screen.h"

namespace {

using shell::LineEditor;

void Check(bool ok) {
  if (!ok) abort();
}

class Candidates : public shell::Completer {
 public:
  void Complete(shell::TextRef line, size_t cursor, shell::Completions* out) override {
    size_t start = cursor;
    while (start > 0 && line.data[start - 1] != ' ') --start;
    out->Reset(start);
    for (const char* w : {"adventure", "adverb", "ad\xc3\xa9", "paperclips", "x\x1b[2J", "a"}) {
      out->Add(shell::Text(w));
    }
  }
};

struct Harness {
  std::unique_ptr<LineEditor> editor;
  std::unique_ptr<shell::test::VtScreen> screen;
  std::string prompt;
  std::vector<char> buf = std::vector<char>(LineEditor::kMaxKeyOutput + 4096);

  // Writes what `out` holds to the screen and checks everything.
  void Flush(const shell::Output& out) {
    Check(!out.truncated());
    screen->Write(out.data(), out.size());
    Check(screen->unknown().empty());
    const shell::TextRef line = editor->line();
    Check(line.size <= shell::kMaxLineBytes);
    Check(shell::IsCleanText(line.data, line.size));
    Check(shell::test::CheckRegion(*screen, *editor, prompt).empty());
  }

  void Begin() {
    shell::Output out(buf.data(), LineEditor::kMaxKeyOutput);
    Check(editor->Begin(shell::TextRef{prompt.data(), prompt.size()}, &out));
    Flush(out);
  }

  void FeedByte(uint8_t b) {
    shell::Output out(buf.data(), LineEditor::kMaxKeyOutput);
    LineEditor::Event e;
    Check(editor->Feed(&b, 1, &out, &e) == 1);
    Flush(out);
    if (e != LineEditor::Event::kNone) Begin();
  }

  void FeedMany(const uint8_t* data, size_t n, size_t cap) {
    while (n > 0) {
      shell::Output out(buf.data(), cap);
      LineEditor::Event e;
      const size_t used = editor->Feed(data, n, &out, &e);
      Check(used > 0);  // cap >= kMaxKeyOutput: at least one byte fits
      Flush(out);
      data += used;
      n -= used;
      if (e != LineEditor::Event::kNone) Begin();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  static Candidates completer;
  const shell::ResizeModel model =
      data[0] & 1 ? shell::ResizeModel::kReflow : shell::ResizeModel::kKeepRows;
  const size_t width = 1 + data[1] % 120;
  size_t at = 3;
  Harness h;
  for (size_t i = 0; i < data[2] % 16 && at < size; ++i)
    h.prompt.push_back(char(0x20 + data[at++] % 95));
  LineEditor::Options options;
  options.width = uint32_t(width);
  options.resize_model = model;
  options.completer = &completer;
  h.editor = std::make_unique<LineEditor>(options);
  // Tall enough for the tallest region (a full line at width 1).
  h.screen = std::make_unique<shell::test::VtScreen>(width, shell::kMaxLineBytes + 64);
  h.Begin();
  while (at < size) {
    const uint8_t op = data[at++];
    if (op < 0x40) {
      for (size_t k = 0; k <= op && at < size; ++k) h.FeedByte(data[at++]);
    } else if (op < 0x80) {
      if (at >= size) break;
      const size_t w = 1 + data[at++] % 120;
      const std::vector<std::string> above = shell::test::TextAbove(*h.screen, *h.editor, model, w);
      h.screen->Resize(w, model);
      shell::Output out(h.buf.data(), LineEditor::kMaxKeyOutput);
      Check(h.editor->Resize(uint32_t(w), &out));
      h.Flush(out);
      Check(shell::test::CheckAboveKept(
                above, shell::test::TextAbove(*h.screen, *h.editor, model, w), model)
                .empty());
    } else if (op < 0xC0) {
      shell::Output out(h.buf.data(), LineEditor::kMaxKeyOutput);
      Check(h.editor->Hide(&out));
      h.Flush(out);
      h.screen->Write("chat: hi\r\n");
      shell::Output shown(h.buf.data(), LineEditor::kMaxKeyOutput);
      Check(h.editor->Show(&shown));
      h.Flush(shown);
    } else {
      const size_t n = (op & 0x3F) + 1 < size - at ? (op & 0x3F) + 1 : size - at;
      h.FeedMany(data + at, n, LineEditor::kMaxKeyOutput + (op & 0x3F) * 64);
      at += n;
    }
  }
  return 0;
}
