#include "tools/remote-session-client/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <sstream>

#include "tools/remote-session-client/args_internal.h"

namespace rsclient {
namespace {

constexpr char kMagic[] = "capos-terminal-state 1";
constexpr size_t kMaxTicketBytes = 256;
constexpr size_t kMaxFileBytes = 4096;

std::string to_hex(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string h;
  for (unsigned char c : bytes) {
    h += d[c >> 4];
    h += d[c & 15];
  }
  return h;
}

bool from_hex(const std::string& h, std::string* out) {
  if (h.size() % 2 != 0 || h.size() > 2 * kMaxTicketBytes) return false;
  auto nib = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  out->clear();
  for (size_t i = 0; i < h.size(); i += 2) {
    const int a = nib(h[i]), b = nib(h[i + 1]);
    if (a < 0 || b < 0) return false;
    *out += static_cast<char>(a * 16 + b);
  }
  return true;
}

// mkdir -p for the directories of `path`; only those it creates get 0700
// (an existing ~/.local is the user's business).
bool make_parents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  }
  return true;
}

bool write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string default_state_path(const Env& env) {
  if (auto x = env("XDG_STATE_HOME"); x && !x->empty() && (*x)[0] == '/') {
    return *x + "/capos/terminal.state";
  }
  if (auto h = env("HOME"); h && !h->empty()) return *h + "/.local/state/capos/terminal.state";
  return "";
}

std::string format_state(const TerminalState& s) {
  return std::string(kMagic) + "\nticket " + to_hex(s.ticket) + "\nterminal " +
         std::to_string(s.terminal) + "\nseq " + std::to_string(s.seq) + "\n";
}

std::optional<TerminalState> parse_state(const std::string& text) {
  std::istringstream in(text);
  std::string line, key, value;
  if (!std::getline(in, line) || line != kMagic) return std::nullopt;
  TerminalState s;
  bool have_ticket = false, have_terminal = false, have_seq = false;
  while (std::getline(in, line)) {
    const size_t sp = line.find(' ');
    key = line.substr(0, sp);
    value = sp == std::string::npos ? "" : line.substr(sp + 1);
    uint64_t n = 0;
    if (key == "ticket" && !have_ticket) {
      if (!from_hex(value, &s.ticket)) return std::nullopt;
      have_ticket = true;
    } else if (key == "terminal" && !have_terminal) {
      if (!grammar::parse_u64(value, &n) || n == 0 || n > UINT32_MAX) return std::nullopt;
      s.terminal = static_cast<uint32_t>(n);
      have_terminal = true;
    } else if (key == "seq" && !have_seq) {
      if (!grammar::parse_u64(value, &n) || grammar::starts_with(value, "0x")) return std::nullopt;
      s.seq = n;
      have_seq = true;
    } else {
      return std::nullopt;
    }
  }
  if (!have_ticket || !have_terminal || !have_seq) return std::nullopt;
  return s;
}

bool load_state(const std::string& path, TerminalState* out, std::string* error) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    *error = errno == ENOENT ? "no saved terminal state (start one with `terminal` first, or "
                               "give --state FILE)"
                             : "cannot read the terminal state file";
    return false;
  }
  struct stat st {};
  std::string text;
  bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok && (st.st_mode & 0077) != 0) {
    close(fd);
    *error =
        "the terminal state file holds a session ticket and is accessible by others; "
        "chmod 600 it";
    return false;
  }
  char buf[1024];
  ssize_t n = 0;
  while (ok && (n = read(fd, buf, sizeof(buf))) > 0 && text.size() <= kMaxFileBytes) {
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  if (!ok || n < 0) {
    *error = "cannot read the terminal state file";
    return false;
  }
  auto s = text.size() > kMaxFileBytes ? std::nullopt : parse_state(text);
  if (!s) {
    *error = "the terminal state file is corrupt (remove it and start a new terminal)";
    return false;
  }
  *out = *s;
  return true;
}

bool save_state(const std::string& path, const TerminalState& state, std::string* error) {
  *error = "cannot write the terminal state file";
  if (path.empty() || !make_parents(path)) return false;
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  unlink(tmp.c_str());  // a leftover of a killed run with a recycled pid
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  // fchmod: the umask may have taken bits away, never add them; be exact.
  const bool ok = fchmod(fd, 0600) == 0 && write_all(fd, format_state(state));
  if (close(fd) != 0 || !ok || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return false;
  }
  error->clear();
  return true;
}

}  // namespace rsclient
