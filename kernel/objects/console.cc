#include "kernel/objects/console.h"

#include "kernel/arch/serial.h"
#include "kernel/lib/kstring.h"
#include "kernel/proc/process.h"
#include "layout/kernel.capnp.layout.h"

namespace kobj {
namespace {

using L = capos::layout::Console;

// Line assembly per writer would need per-process buffers; instead every
// write is split into lines and each line is prefixed, so interleaving is
// at worst per line.
void emit(const char* who, const char* text, uint32_t len) {
  uint32_t start = 0;
  while (start < len) {
    uint32_t end = start;
    while (end < len && text[end] != '\n') end++;
    serial::write("[", 1);
    serial::write(who, strlen(who));
    serial::write("] ", 2);
    for (uint32_t i = start; i < end; i++) {
      char c = text[i];
      // Control characters could rewrite the terminal or fake a prefix.
      if ((c < 0x20 && c != '\t') || c == 0x7f) c = '?';
      serial::write(&c, 1);
    }
    serial::write("\n", 1);
    start = end + 1;
  }
}

}  // namespace

uint64_t Console::interface_id() const {
  return L::kId;
}

Console* Console::instance() {
  static Console console;
  return &console;
}

abi::Error Console::call(CallCtx& ctx) {
  if (ctx.method != L::kWrite) return abi::Error::kBadMethod;
  capos::wire::Message msg;
  capos::wire::StructReader root;
  abi::Error err = open_params(ctx, msg, &root);
  if (err != abi::Error::kOk) return err;
  const char* text = nullptr;
  uint32_t len = 0;
  if (root.text(L::WriteParams::kText, &text, &len) != capos::wire::Status::kOk) {
    return abi::Error::kMalformedMessage;
  }
  if (len > kMaxWrite) return abi::Error::kBadLength;
  emit(ctx.caller->name, text, len);
  return empty_result(ctx);
}

}  // namespace kobj
