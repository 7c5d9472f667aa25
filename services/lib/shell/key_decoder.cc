#include "services/lib/shell/key_decoder.h"

namespace shell {
namespace {

bool Set(Key* key, KeyCode code) {
  *key = Key{};
  key->code = code;
  return true;
}

bool IsC0(uint8_t b) {
  return b < 0x20;
}

}  // namespace

bool KeyDecoder::Feed(uint8_t b, Key* key) {
  const bool lf_after_cr = after_cr_ && b == '\n';
  after_cr_ = false;
  if (lf_after_cr && state_ == State::kGround && !utf8_.pending()) return false;
  switch (state_) {
    case State::kGround:
      return Ground(b, key);
    case State::kEscape:
      return Escape(b, key);
    case State::kCsi:
      return Csi(b, key);
    case State::kSs3:
      return Ss3(b, key);
    case State::kString:
      return String(b, key);
  }
  return false;
}

bool KeyDecoder::Ground(uint8_t b, Key* key) {
  if (utf8_.pending() || b >= 0x80) {
    const Utf8Decoder::Step step = utf8_.Feed(b);
    if (step == Utf8Decoder::Step::kDone) {
      // U+0080..U+009F are C1 controls (CSI is U+009B): never text.
      if (utf8_.code_point() <= 0x9F) return false;
      Set(key, KeyCode::kText);
      key->size = utf8_.size();
      for (uint8_t i = 0; i < key->size; ++i) key->text[i] = utf8_.bytes()[i];
      return true;
    }
    if (step != Utf8Decoder::Step::kRetry) return false;
    // The byte broke a sequence (which is dropped): it is a key of its own.
    if (b >= 0x80) return Ground(b, key);
  }
  switch (b) {
    case 0x1b:
      state_ = State::kEscape;
      return false;
    case '\r':
      after_cr_ = true;
      return Set(key, KeyCode::kEnter);
    case '\n':
      return Set(key, KeyCode::kEnter);
    case '\t':
      return Set(key, KeyCode::kTab);
    case 0x08:
    case 0x7f:
      return Set(key, KeyCode::kBackspace);
    default:
      break;
  }
  if (b >= 1 && b <= 26) {
    Set(key, KeyCode::kCtrl);
    key->ctrl = char('a' + b - 1);
    return true;
  }
  if (IsC0(b)) return false;  // NUL, Ctrl-\ ] ^ _: nothing
  Set(key, KeyCode::kText);
  key->size = 1;
  key->text[0] = char(b);
  return true;
}

bool KeyDecoder::Escape(uint8_t b, Key* key) {
  state_ = State::kGround;
  seq_bytes_ = 0;
  seq_ignored_ = false;
  param_ = 0;
  params_[0] = params_[1] = 0;
  switch (b) {
    case '[':
      state_ = State::kCsi;
      return false;
    case 'O':
      state_ = State::kSs3;
      return false;
    case 0x1b:  // ESC ESC: the first is dropped
      state_ = State::kEscape;
      return false;
    case ']':  // OSC
    case 'P':  // DCS
    case 'X':  // SOS
    case '^':  // PM
    case '_':  // APC
      state_ = State::kString;
      return false;
    case 'b':
      return Set(key, KeyCode::kWordLeft);
    case 'f':
      return Set(key, KeyCode::kWordRight);
    default:
      break;
  }
  // A control after ESC is itself (ESC then Ctrl-C still interrupts);
  // anything else is an Alt-key we do not bind.
  return IsC0(b) ? Ground(b, key) : false;
}

bool KeyDecoder::Csi(uint8_t b, Key* key) {
  if (IsC0(b)) {  // a control ends the sequence and is itself
    state_ = State::kGround;
    return Ground(b, key);
  }
  if (seq_bytes_ < 255) ++seq_bytes_;
  if (seq_bytes_ > kMaxSequenceBytes) seq_ignored_ = true;
  if (b >= '0' && b <= '9') {
    if (param_ < 2) {
      const uint32_t v = params_[param_] * 10u + (b - '0');
      params_[param_] = uint16_t(v > 9999 ? 9999 : v);
    }
  } else if (b == ';') {
    if (param_ < 2) ++param_;
  } else if (b >= 0x40 && b <= 0x7e) {
    state_ = State::kGround;
    return !seq_ignored_ && CsiKey(b, key);
  } else if (b != 0x7f) {  // DEL inside a sequence is ignored, as by a VT
    // Private markers (< = > ?), sub-parameters (:), intermediates and
    // non-ASCII bytes: consumed, and the sequence is not a key.
    seq_ignored_ = true;
  }
  return false;
}

bool KeyDecoder::CsiKey(uint8_t final_byte, Key* key) const {
  // xterm's modifier parameter is 1 + (shift 1 | alt 2 | ctrl 4).
  const bool word = params_[1] > 1 && ((params_[1] - 1) & 6) != 0;
  switch (final_byte) {
    case 'A':
      return Set(key, KeyCode::kUp);
    case 'B':
      return Set(key, KeyCode::kDown);
    case 'C':
      return Set(key, word ? KeyCode::kWordRight : KeyCode::kRight);
    case 'D':
      return Set(key, word ? KeyCode::kWordLeft : KeyCode::kLeft);
    case 'H':
      return Set(key, KeyCode::kHome);
    case 'F':
      return Set(key, KeyCode::kEnd);
    case '~':
      switch (params_[0]) {
        case 1:
        case 7:
          return Set(key, KeyCode::kHome);
        case 4:
        case 8:
          return Set(key, KeyCode::kEnd);
        case 3:
          return Set(key, KeyCode::kDelete);
        default:
          return false;
      }
    default:
      return false;
  }
}

bool KeyDecoder::Ss3(uint8_t b, Key* key) {
  state_ = State::kGround;
  if (IsC0(b)) return Ground(b, key);
  switch (b) {
    case 'A':
      return Set(key, KeyCode::kUp);
    case 'B':
      return Set(key, KeyCode::kDown);
    case 'C':
      return Set(key, KeyCode::kRight);
    case 'D':
      return Set(key, KeyCode::kLeft);
    case 'H':
      return Set(key, KeyCode::kHome);
    case 'F':
      return Set(key, KeyCode::kEnd);
    default:
      return false;
  }
}

bool KeyDecoder::String(uint8_t b, Key* key) {
  if (b == 0x07) {  // BEL ends it
    state_ = State::kGround;
  } else if (b == 0x1b) {  // ESC \ (ST) ends it; the '\\' is then an unbound Alt key
    state_ = State::kEscape;
  } else if (IsC0(b)) {
    state_ = State::kGround;
    return Ground(b, key);
  }
  return false;
}

}  // namespace shell
