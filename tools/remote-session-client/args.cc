#include "tools/remote-session-client/args.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "tools/remote-session-client/args_internal.h"

namespace rsclient {
namespace grammar {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool parse_u64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  std::string z(s);
  int base = 10;
  if (starts_with(s, "0x") || starts_with(s, "0X")) {
    if (s.size() == 2) return false;
    base = 16;
  }
  for (char c : s.substr(base == 16 ? 2 : 0)) {
    const bool ok =
        base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(z.c_str(), &end, base);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

// Splits "--name=value" so both spellings take the same path.
void split_eq(const std::string& tok, std::string* name, std::optional<std::string>* value) {
  const size_t eq = tok.find('=');
  if (starts_with(tok, "--") && eq != std::string::npos) {
    *name = tok.substr(0, eq);
    *value = tok.substr(eq + 1);
  } else {
    *name = tok;
    value->reset();
  }
}

bool arity(const std::vector<std::string>& t, size_t lo, size_t hi, const char* what,
           std::string* error) {
  if (t.size() < lo || t.size() > hi) {
    *error = std::string("usage: ") + what;
    return false;
  }
  return true;
}

}  // namespace grammar

namespace {

using namespace grammar;

bool parse_port(std::string_view s, uint16_t* out) {
  uint64_t v = 0;
  if (starts_with(s, "0x") || !parse_u64(s, &v) || v == 0 || v > 65535) return false;
  *out = static_cast<uint16_t>(v);
  return true;
}

std::string join(const std::vector<std::string>& t) {
  std::string s;
  for (const auto& w : t) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

bool parse_call_method(std::string_view m, CallMethod* out) {
  static constexpr struct {
    const char* name;
    CallMethod method;
  } kMethods[] = {
      {"info", CallMethod::kSessionInfo},
      {"motd", CallMethod::kMotd},
      {"build-info", CallMethod::kBuildInfo},
      {"join", CallMethod::kJoin},
      {"leave", CallMethod::kLeave},
      {"send", CallMethod::kSend},
      {"who", CallMethod::kWho},
      {"poll", CallMethod::kPoll},
  };
  for (const auto& e : kMethods) {
    if (m == e.name) {
      *out = e.method;
      return true;
    }
  }
  return false;
}

// Pulls "--interface ID" out of `t` (anywhere after the command words).
bool take_interface(std::vector<std::string>* t, Step* s, std::string* error) {
  for (size_t i = 0; i < t->size(); ++i) {
    std::string name;
    std::optional<std::string> value;
    split_eq((*t)[i], &name, &value);
    if (name != "--interface") continue;
    size_t drop = 1;
    if (!value) {
      if (i + 1 >= t->size()) {
        *error = "--interface needs a value";
        return false;
      }
      value = (*t)[i + 1];
      drop = 2;
    }
    uint64_t id = 0;
    if (!parse_u64(*value, &id)) {
      *error = "--interface: not a number: " + *value;
      return false;
    }
    s->iface = id;
    t->erase(t->begin() + i, t->begin() + i + drop);
    --i;
  }
  return true;
}

}  // namespace

bool Step::needs_session() const {
  switch (kind) {
    case Kind::kSessionInfo:
    case Kind::kCapSetList:
    case Kind::kCapSetGet:
    case Kind::kCall:
    case Kind::kLogout:
    case Kind::kServices:
    case Kind::kLaunch:
    case Kind::kServiceStatus:
    case Kind::kServiceStop:
    case Kind::kHelp:
      return true;
    default:
      return false;
  }
}

bool parse_step(const std::vector<std::string>& tokens, Step* s, std::string* error) {
  *s = Step{};
  if (tokens.empty()) {
    *error = "empty step";
    return false;
  }
  for (const auto& w : tokens) {
    if (starts_with(w, "--password=")) {
      *error = kNoArgvPassword;
      return false;
    }
  }
  if (tokens[0] == "burst") {
    // burst N STEP...: the same request N times, pipelined (bound proofs).
    uint64_t n = 0;
    if (tokens.size() < 3 || !parse_u64(tokens[1], &n) || n < 1 || n > 64) {
      *error = "usage: burst N STEP (N: 1..64)";
      return false;
    }
    std::vector<std::string> inner(tokens.begin() + 2, tokens.end());
    if (!parse_step(inner, s, error)) return false;
    if (s->kind == Step::Kind::kLogin || s->kind == Step::Kind::kSleep ||
        s->kind == Step::Kind::kLogout) {
      *error = "burst: not for login, logout or sleep";
      return false;
    }
    s->repeat = static_cast<uint32_t>(n);
    s->text = join(tokens);
    return true;
  }
  std::vector<std::string> t = tokens;
  const std::string& cmd = t[0];
  if (cmd == "login") {
    s->kind = Step::Kind::kLogin;
    if (!parse_login(t, s, error)) return false;
    s->text = join(t);
    return true;
  }
  if (!take_interface(&t, s, error)) return false;
  s->text = join(tokens);
  if (cmd == "auth-methods") {
    s->kind = Step::Kind::kAuthMethods;
    return arity(t, 1, 1, "auth-methods", error);
  }
  if (cmd == "session-info") {
    s->kind = Step::Kind::kSessionInfo;
    return arity(t, 1, 1, "session-info", error);
  }
  if (cmd == "logout") {
    s->kind = Step::Kind::kLogout;
    return arity(t, 1, 1, "logout", error);
  }
  if (cmd == "transcript") {
    s->kind = Step::Kind::kTranscript;
    return arity(t, 1, 1, "transcript", error);
  }
  if (cmd == "sleep") {
    uint64_t ms = 0;
    if (!arity(t, 2, 2, "sleep SECONDS", error)) return false;
    const std::string& v = t[1];
    const size_t dot = v.find('.');
    uint64_t whole = 0, frac = 0;
    std::string fs = dot == std::string::npos ? "" : v.substr(dot + 1);
    if (!parse_u64(v.substr(0, dot), &whole) || fs.size() > 3 ||
        (!fs.empty() && !parse_u64(fs, &frac)) || whole > 3600) {
      *error = "sleep: SECONDS must be 0..3600 (up to 3 decimals)";
      return false;
    }
    while (fs.size() < 3) fs += '0', frac *= 10;
    ms = whole * 1000 + frac;
    s->kind = Step::Kind::kSleep;
    s->sleep_ms = static_cast<uint32_t>(ms);
    return true;
  }
  if (cmd == "capset") {
    if (t.size() >= 2 && t[1] == "list") {
      s->kind = Step::Kind::kCapSetList;
      return arity(t, 2, 2, "capset list", error);
    }
    if (t.size() >= 2 && t[1] == "get") {
      s->kind = Step::Kind::kCapSetGet;
      if (!arity(t, 3, 3, "capset get NAME [--interface ID]", error)) return false;
      s->name = t[2];
      return true;
    }
    *error = "usage: capset list | capset get NAME [--interface ID]";
    return false;
  }
  if (is_service_command(cmd)) return parse_service_step(t, s, error);
  if (cmd == "call") {
    if (t.size() == 3 && t[2] == "--help") {
      s->kind = Step::Kind::kHelp;
      s->name = t[1];
      return true;
    }
    if (t.size() >= 2 && (t[1] == "adventure" || t[1] == "paperclips")) {
      return parse_game_call(t, s, error);
    }
    s->kind = Step::Kind::kCall;
    if (!arity(t, 3, 4, "call NAME METHOD [ARG] [--interface ID]", error)) return false;
    s->name = t[1];
    if (!parse_call_method(t[2], &s->call)) {
      *error = "call: unknown method '" + t[2] +
               "' (info, motd, build-info, join, leave, send TEXT, who, poll [SINCE])";
      return false;
    }
    const bool has_arg = t.size() == 4;
    if (s->call == CallMethod::kSend) {
      if (!has_arg) {
        *error = "usage: call NAME send TEXT";
        return false;
      }
      s->arg = t[3];
    } else if (s->call == CallMethod::kPoll) {
      if (has_arg && !parse_u64(t[3], &s->since)) {
        *error = "call NAME poll [SINCE]: SINCE must be a number";
        return false;
      }
    } else if (has_arg) {
      *error = "call: method '" + t[2] + "' takes no argument";
      return false;
    }
    return true;
  }
  *error = "unknown command '" + cmd + "' (see --help)";
  return false;
}

bool split_words(std::string_view line, std::vector<std::string>* out, std::string* error) {
  out->clear();
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        cur += c;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
      in_word = true;
    } else if (quote == '"') {
      if (c == '"')
        quote = 0;
      else
        cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (in_word) out->push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    *error = "unterminated quote";
    return false;
  }
  if (in_word) out->push_back(cur);
  return true;
}

bool parse_script(std::string_view text, std::vector<Step>* steps, std::string* error) {
  size_t lineno = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++lineno;
    std::vector<std::string> words;
    if (!split_words(line, &words, error)) {
      *error = "script line " + std::to_string(lineno) + ": " + *error;
      return false;
    }
    if (words.empty() || words[0][0] == '#') continue;
    Step s;
    if (!parse_step(words, &s, error)) {
      *error = "script line " + std::to_string(lineno) + ": " + *error;
      return false;
    }
    steps->push_back(s);
  }
  return true;
}

ParseResult parse_args(const std::vector<std::string>& argv, const Env& env) {
  ParseResult r;
  Options& o = r.options;
  if (auto p = env("CAPOS_REMOTE_SESSION_PORT"); p && !p->empty()) {
    if (!parse_port(*p, &o.port)) {
      r.error = "CAPOS_REMOTE_SESSION_PORT is not a TCP port (1-65535)";
      return r;
    }
  }
  if (auto u = env("CAPOS_REMOTE_SESSION_USER"); u && !u->empty()) {
    o.user = *u;
  } else if (auto h = env("USER"); h) {
    o.user = *h;
  }
  Step implicit_login;
  implicit_login.kind = Step::Kind::kLogin;
  implicit_login.text = "login";
  bool port_given = false;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    std::string name;
    std::optional<std::string> value;
    split_eq(argv[i], &name, &value);
    if (!starts_with(name, "-")) break;
    auto need = [&](std::string* dst) {
      if (value) {
        *dst = *value;
        return true;
      }
      if (i + 1 >= argv.size()) {
        r.error = name + " needs a value";
        return false;
      }
      *dst = argv[++i];
      return true;
    };
    std::string v;
    if (name == "--help" || name == "-h") {
      o.help = true;
      r.ok = true;
      return r;
    } else if (name == "--password" || name == "-p") {
      r.error = kNoArgvPassword;
      return r;
    } else if (name == "--json") {
      o.json = true;
    } else if (name == "--host") {
      if (!need(&o.host)) return r;
      if (o.host.empty()) {
        r.error = "--host must not be empty";
        return r;
      }
    } else if (name == "--port") {
      if (!need(&v)) return r;
      if (!parse_port(v, &o.port)) {
        r.error = "--port: not a TCP port (1-65535)";
        return r;
      }
      port_given = true;
    } else if (name == "--transport") {
      if (!need(&v)) return r;
      if (v == "dto") {
        o.transport = Transport::kDto;
      } else if (v == "rpc") {
        o.transport = Transport::kRpc;
      } else {
        r.error = "--transport: dto or rpc";
        return r;
      }
    } else if (name == "--user") {
      if (!need(&o.user)) return r;
    } else if (name == "--transcript") {
      if (!need(&o.transcript_file)) return r;
    } else if (name == "--password-file") {
      if (!need(&o.password_file)) return r;
      if (o.password_file.empty()) {
        r.error = "--password-file must not be empty";
        return r;
      }
    } else if (name == "--timeout") {
      uint64_t s = 0;
      if (!need(&v)) return r;
      if (!parse_u64(v, &s) || s == 0 || s > 3600) {
        r.error = "--timeout: SECONDS must be 1..3600";
        return r;
      }
      o.timeout_ms = static_cast<uint32_t>(s * 1000);
    } else if (name == "--tls" && !value) {
      o.tls.enabled = true;
    } else if (name == "--ca") {
      if (!need(&o.tls.ca_file)) return r;
      o.tls.enabled = true;
    } else if (name == "--pin") {
      if (!need(&o.tls.pin)) return r;
      if (normalize_pin(o.tls.pin).empty()) {
        r.error = "--pin: a SHA-256 fingerprint (64 hex digits, colons allowed)";
        return r;
      }
      o.tls.enabled = true;
    } else if (name == "--cert") {
      if (!need(&o.tls.cert_file)) return r;
      o.tls.enabled = true;
    } else if (name == "--server-name") {
      if (!need(&o.tls.server_name)) return r;
    } else if (name == "--identity") {
      // As ssh -i: the key also makes the implicit login a key login.
      if (!need(&o.identity)) return r;
      if (o.identity.empty()) {
        r.error = "--identity must not be empty";
        return r;
      }
      implicit_login.method = LoginMethod::kPublicKey;
      implicit_login.text = "login --public-key";
    } else if (name == "--guest" && !value) {
      implicit_login.method = LoginMethod::kGuest;
      implicit_login.text = "login --guest";
    } else if (name == "--anonymous" && !value) {
      implicit_login.method = LoginMethod::kAnonymous;
      implicit_login.text = "login --anonymous";
    } else if (name == "--profile") {
      if (!need(&implicit_login.profile)) return r;
      implicit_login.text += " --profile " + implicit_login.profile;
    } else {
      r.error = "unknown option '" + name + "' (see --help)";
      return r;
    }
  }
  if (!finish_tls(&o, env, &r.error)) return r;
  std::vector<std::string> rest(argv.begin() + static_cast<long>(i), argv.end());
  if (rest.empty()) {
    r.error = "no command given (see --help)";
    return r;
  }
  if (o.transport == Transport::kRpc && !port_given) {
    // The RPC gateway has its own forwarded port; the DTO port's
    // variable never applies to it.
    o.port = 2328;
    if (auto p = env("CAPOS_REMOTE_RPC_PORT"); p && !p->empty() && !parse_port(*p, &o.port)) {
      r.error = "CAPOS_REMOTE_RPC_PORT is not a TCP port (1-65535)";
      return r;
    }
  }
  if (rest[0] == "terminal" && o.transport == Transport::kRpc) {
    r.error = "--transport rpc: terminal is not served over RPC yet";
    return r;
  }
  if (rest[0] == "terminal") {
    r.ok = parse_terminal(rest, implicit_login, &o, &r.error);
    return r;
  }
  if (rest[0] == "session") {
    for (size_t k = 1; k < rest.size(); ++k) {
      std::string name;
      std::optional<std::string> value;
      split_eq(rest[k], &name, &value);
      std::string v;
      if (value) {
        v = *value;
      } else if (k + 1 < rest.size()) {
        v = rest[++k];
      } else {
        r.error = "session: " + name + " needs a value";
        return r;
      }
      if (name == "--do") {
        std::vector<std::string> words;
        Step s;
        if (!split_words(v, &words, &r.error) || !parse_step(words, &s, &r.error)) {
          r.error = "--do: " + r.error;
          return r;
        }
        o.steps.push_back(s);
      } else if (name == "--script") {
        if (!o.script_file.empty()) {
          r.error = "session: only one --script";
          return r;
        }
        o.script_file = v;
      } else {
        r.error = "session: expected --do STEP or --script FILE, got '" + name + "'";
        return r;
      }
    }
    if (o.steps.empty() && o.script_file.empty()) {
      r.error = "session: give --do STEP (repeatable) or --script FILE";
      return r;
    }
    r.ok = o.transport == Transport::kDto || rpc_can_carry(o.steps, &r.error);
    return r;
  }
  Step s;
  if (!parse_step(rest, &s, &r.error)) return r;
  if (s.needs_session()) o.steps.push_back(implicit_login);
  o.steps.push_back(s);
  r.ok = o.transport == Transport::kDto || rpc_can_carry(o.steps, &r.error);
  return r;
}

bool rpc_can_carry(const std::vector<Step>& steps, std::string* error) {
  for (const Step& s : steps) {
    bool game = s.kind == Step::Kind::kCall &&
                (s.call == CallMethod::kAdventure || s.call == CallMethod::kPaperclips);
    bool served = !game && s.repeat == 1 &&
                  (s.kind == Step::Kind::kAuthMethods || s.kind == Step::Kind::kLogin ||
                   s.kind == Step::Kind::kSessionInfo || s.kind == Step::Kind::kCapSetList ||
                   s.kind == Step::Kind::kCapSetGet || s.kind == Step::Kind::kCall ||
                   s.kind == Step::Kind::kLogout || s.kind == Step::Kind::kTranscript ||
                   s.kind == Step::Kind::kSleep);
    if (!served) {
      *error = "--transport rpc: '" + s.text +
               "' is not served over RPC yet (auth-methods, login, session-info, capset, "
               "call on system_info/chat/session, logout, transcript are)";
      return false;
    }
  }
  return true;
}

}  // namespace rsclient
