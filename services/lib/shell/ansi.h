// ANSI/VT100 output for the shell: a bounded output buffer, typed colours,
// cursor movement and screen clearing. Only sequences every VT100 descendant
// (xterm, xterm.js, VTE, tmux) understands, all in 7-bit form, so the test
// screen model (vt_screen.h) can interpret everything the shell emits.
//
// Lines end "\r\n": the terminal is in raw mode and the guest has no tty
// layer to turn "\n" into it.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace shell {

// A byte string borrowed from its owner (not NUL-terminated).
struct TextRef {
  const char* data = nullptr;
  size_t size = 0;
};
// A NUL-terminated literal as a TextRef.
TextRef Text(const char* cstr);
bool TextEquals(TextRef a, TextRef b);
bool TextStartsWith(TextRef s, TextRef prefix);

// A caller-owned buffer that never overflows: writes past its end are
// dropped and remembered in truncated(). Bounds elsewhere make sure it does
// not happen (the line editor only writes into kMaxKeyOutput of room).
class Output {
 public:
  Output(char* buf, size_t cap) : buf_(buf), cap_(cap) {}
  void Put(char c);
  void Put(const char* s, size_t n);
  void Put(TextRef t) { Put(t.data, t.size); }
  void PutStr(const char* cstr);
  void PutUint(uint32_t v);
  void PutRepeat(char c, size_t n);
  const char* data() const { return buf_; }
  size_t size() const { return len_; }
  size_t room() const { return cap_ - len_; }
  bool truncated() const { return truncated_; }
  void Clear() {
    len_ = 0;
    truncated_ = false;
  }

 private:
  char* buf_;
  size_t cap_;
  size_t len_ = 0;
  bool truncated_ = false;
};

// The 16 ANSI colours (SGR 30-37 and 90-97) and the terminal's default.
enum class Color : uint8_t {
  kDefault,
  kBlack,
  kRed,
  kGreen,
  kYellow,
  kBlue,
  kMagenta,
  kCyan,
  kWhite,
  kGray,  // bright black
  kBrightRed,
  kBrightGreen,
  kBrightYellow,
  kBrightBlue,
  kBrightMagenta,
  kBrightCyan,
  kBrightWhite,
};

// ESC[0;<bold>;<fg>m: resets every attribute first, so a colour never
// inherits a stale one.
void SetColor(Output* out, Color fg, bool bold = false);
void ResetStyle(Output* out);  // ESC[0m
// Colour, the text made safe (PutSafeText), reset.
void PutColored(Output* out, Color fg, TextRef text, bool bold = false);

void ClearScreen(Output* out);                           // home, erase all
void CursorTo(Output* out, uint32_t row, uint32_t col);  // 0-based
void CursorUp(Output* out, uint32_t n);                  // nothing for 0
void CursorDown(Output* out, uint32_t n);                // stops at the bottom
void CursorForward(Output* out, uint32_t n);             // stops at the margin
void EraseBelow(Output* out);                            // cursor to end of screen
void EraseLineRight(Output* out);                        // cursor to end of line
void SetCursorVisible(Output* out, bool visible);        // for full-screen views
void Bell(Output* out);

// Columns a string takes on screen: one per code point, none for escape
// sequences (CSI ... final, or ESC and one byte) and C0 controls. For
// prompts, which may carry colours.
size_t DisplayColumns(const char* s, size_t n);

// Text from elsewhere (chat, service replies): invalid UTF-8 becomes U+FFFD,
// controls and escapes are dropped, "\n" becomes "\r\n", tabs spaces.
void PutSafeText(Output* out, TextRef text);

}  // namespace shell
