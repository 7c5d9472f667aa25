// Terminal input bytes -> keys. Understands what xterm, xterm.js, VTE and
// tmux send for the keys the line editor uses: UTF-8 text, C0 controls,
// CSI and SS3 cursor keys in normal and application mode, and every common
// Home/End/Delete form (ESC[H ESC[F, ESC[1~ ESC[4~, ESC[7~ ESC[8~, ESC OH
// ESC OF, ESC[3~), plus Ctrl/Alt-modified arrows and Alt-b/Alt-f as word
// moves.
//
// Hostile input is bounded: the state is a few bytes whatever arrives.
// Unknown sequences are consumed to their final byte (strings such as OSC
// and DCS to BEL or ST) and ignored; a C0 control inside one ends it and
// counts as itself (so Ctrl-C always works); invalid UTF-8 and C1 controls
// are dropped; a CR LF pair is one Enter. A lone ESC waits for the next
// byte (no timers here), so ESC then a letter is an (unbound) Alt-letter.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/shell/utf8.h"

namespace shell {

enum class KeyCode : uint8_t {
  kNone,
  kText,  // one character, in Key::text
  kEnter,
  kTab,
  kBackspace,  // DEL (0x7f) and BS (0x08)
  kDelete,
  kLeft,
  kRight,
  kUp,
  kDown,
  kHome,
  kEnd,
  kWordLeft,
  kWordRight,
  kCtrl,  // another Ctrl-letter, in Key::ctrl ('a'..'z')
};

struct Key {
  KeyCode code = KeyCode::kNone;
  char ctrl = 0;
  uint8_t size = 0;  // bytes of text
  char text[4] = {};
};

class KeyDecoder {
 public:
  // Sequences longer than this are still consumed, but never a key.
  static constexpr uint8_t kMaxSequenceBytes = 32;

  // Takes one byte; true with *key set when the byte completes a key.
  bool Feed(uint8_t b, Key* key);
  // Not inside an escape sequence or a UTF-8 character.
  bool idle() const { return state_ == State::kGround && !utf8_.pending(); }
  void Reset() { *this = KeyDecoder(); }

 private:
  // kString: inside OSC, DCS, SOS, PM or APC (a terminal's reply, never a
  // key), consumed to BEL or ST.
  enum class State : uint8_t { kGround, kEscape, kCsi, kSs3, kString };
  bool Ground(uint8_t b, Key* key);
  bool Escape(uint8_t b, Key* key);
  bool Csi(uint8_t b, Key* key);
  bool Ss3(uint8_t b, Key* key);
  bool String(uint8_t b, Key* key);
  bool CsiKey(uint8_t final_byte, Key* key) const;

  State state_ = State::kGround;
  Utf8Decoder utf8_;
  bool after_cr_ = false;     // the previous byte was CR: an LF now is its pair
  uint8_t seq_bytes_ = 0;     // bytes of the current sequence (saturating)
  bool seq_ignored_ = false;  // private marker, intermediate or overlong
  uint8_t param_ = 0;         // index of the CSI parameter being read
  uint16_t params_[2] = {};   // the first two (the rest are not needed)
};

}  // namespace shell
