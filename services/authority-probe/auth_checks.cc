// Login matrix, backoff, bundles, SystemInfo (issue 3 item 5).
#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "libcaprt/runtime/clients/message.h"
#include "schema/authority.capnp.h"
#include "services/authority-probe/probe.h"

namespace aprobe {
namespace {

namespace S = capos::schema;
constexpr uint16_t kAuthDenied = 0, kBackoff = 1;
constexpr uint16_t kKindLauncher = 3;

alignas(16) uint8_t buf[4096];

struct Case {
  const char* name;
  uint16_t method;
  const char* principal;
  const char* secret;
  const char* profile;
};

// Every denial the adapters know, each from its own source so the source
// backoff stays out of the way (the backoff has its own checks).
const Case kDenials[] = {
    {"deny failed proof", kPassword, "operator", "not-the-password", ""},
    {"deny unknown principal", kPassword, "mallory", "whatever", ""},
    {"deny disabled account", kPassword, "dana", "dana-disabled-dev", ""},
    {"deny locked account", kPassword, "lou", "lou-locked-dev", ""},
    {"deny recoveryOnly account", kPassword, "rita", "rita-recovery-dev", ""},
    {"deny wrong requested profile", kPassword, "alice", "correct horse battery staple",
     "operator"},
    {"deny missing profile", kPassword, "nemo", "nemo-noprofile-dev", ""},
    {"deny retired profile", kPassword, "operator", "capos-operator-dev", "old-ops"},
    {"deny profile/adapter mismatch", kGuest, "guest", "", "user"},
    {"deny adapter/class mismatch", kGuest, "alice", "", ""},
    {"deny password for passwordless account", kPassword, "guest", "", ""},
    {"deny unknown guest principal", kGuest, "nobody", "", ""},
    {"deny unknown requested profile", kAnonymous, "", "", "ghost"},
};

struct Bundle {
  char names[8][32];
  uint16_t kinds[8];
  uint32_t count = 0;
};

abi::Error GetBundle(Probe& p, const char* profile, Bundle* out) {
  capnp::MallocMessageBuilder b;
  b.initRoot<S::AuthorityBroker::RemoteClientBundleParams>().setProfile(profile);
  caprt::Result<uint32_t> n = caprt::CallMessage(p.caps().broker, 0, b, buf, sizeof(buf));
  if (!n.ok()) return n.error();
  return caprt::Decode<S::AuthorityBroker::RemoteClientBundleResults>(
             buf, n.value(),
             [&](S::AuthorityBroker::RemoteClientBundleResults::Reader r) {
               for (auto e : r.getEntries()) {
                 if (out->count == 8) break;
                 auto t = e.getName();
                 size_t len = t.size() < 31 ? t.size() : 31;
                 memcpy(out->names[out->count], t.begin(), len);
                 out->names[out->count][len] = '\0';
                 out->kinds[out->count++] = static_cast<uint16_t>(e.getKind());
               }
             })
      .error;
}

bool Has(const Bundle& b, const char* name) {
  for (uint32_t i = 0; i < b.count; ++i) {
    if (strcmp(b.names[i], name) == 0) return true;
  }
  return false;
}
bool HasLauncher(const Bundle& b) {
  for (uint32_t i = 0; i < b.count; ++i) {
    if (b.kinds[i] == kKindLauncher) return true;
  }
  return false;
}

void CheckBundles(Probe& p) {
  Bundle op, guest, anon, retired, unknown;
  abi::Error e = GetBundle(p, "operator", &op);
  p.Check("bundle operator: session, system_info, chat, launcher",
          e == abi::Error::kOk && op.count == 4 && Has(op, "session") && Has(op, "system_info") &&
              Has(op, "chat") && HasLauncher(op),
          "%s, %u entries", caprt::ErrorName(e), op.count);
  e = GetBundle(p, "guest", &guest);
  p.Check(
      "bundle guest: narrower, never a launcher",
      e == abi::Error::kOk && Has(guest, "session") && Has(guest, "chat") && !HasLauncher(guest),
      "%s, %u entries", caprt::ErrorName(e), guest.count);
  e = GetBundle(p, "anonymous", &anon);
  p.Check("bundle anonymous: session and system_info only",
          e == abi::Error::kOk && anon.count == 2 && Has(anon, "system_info") &&
              !Has(anon, "chat") && !HasLauncher(anon),
          "%s, %u entries", caprt::ErrorName(e), anon.count);
  e = GetBundle(p, "old-ops", &retired);
  p.Check("bundle retired profile: notFound", e == abi::Error::kNotFound, "%s",
          caprt::ErrorName(e));
  e = GetBundle(p, "ghost", &unknown);
  p.Check("bundle unknown profile: notFound", e == abi::Error::kNotFound, "%s",
          caprt::ErrorName(e));
}

void CheckSystemInfo(Probe& p) {
  for (uint16_t m = 0; m < 2; ++m) {
    capnp::MallocMessageBuilder b;
    if (m == 0)
      b.initRoot<S::SystemInfo::MotdParams>();
    else
      b.initRoot<S::SystemInfo::BuildInfoParams>();
    caprt::Result<uint32_t> n = caprt::CallMessage(p.caps().info, m, b, buf, sizeof(buf));
    char text[128] = {};
    abi::Error e = n.ok() ? caprt::Decode<S::SystemInfo::MotdResults>(
                                buf, n.value(),
                                [&](S::SystemInfo::MotdResults::Reader r) {
                                  auto t = r.getText();
                                  memcpy(text, t.begin(), t.size() < 127 ? t.size() : 127);
                                })
                                .error
                          : n.error();
    const char* want =
        m == 0 ? "capOS authority test guest: welcome" : "capOS issue-3 authority build";
    p.Check(m == 0 ? "system_info motd" : "system_info buildInfo",
            e == abi::Error::kOk && strcmp(text, want) == 0, "%s \"%s\"", caprt::ErrorName(e),
            text);
  }
}

void CheckBackoff(Probe& p, uint32_t base) {
  // Per principal: alice fails from changing sources until the backoff
  // answers; then even the right password is judged later, with no session.
  int attempts = 0;
  Login l;
  for (; attempts < 8; ++attempts) {
    l = DoLogin(p, kPassword, "alice", "bad guess", "", 0xa11ce000 + attempts, 900 + attempts);
    if (l.transport != abi::Error::kOk || l.ok || l.denial != kAuthDenied) break;
  }
  p.Check("backoff per principal after repeated failures",
          l.transport == abi::Error::kOk && !l.ok && l.denial == kBackoff && l.retry_after_ns > 0 &&
              attempts >= 1,
          "after %d attempts: %s denial %u", attempts, caprt::ErrorName(l.transport), l.denial);
  l = DoLogin(p, kPassword, "alice", "correct horse battery staple", "", 0xa11ce0ff, 950);
  p.Check("backoff holds the right password too, no session",
          !l.ok && l.denial == kBackoff && p.LiveSessions() == base, "ok=%d denial %u", l.ok,
          l.denial);
  // A source's failures never deny anyone (regression: global lockout):
  // after guesses from one source, a guest login from it is admitted. Per
  // source penalties only slow failed logins down, in the gateway.
  for (attempts = 0; attempts < 8; ++attempts) {
    l = DoLogin(p, kPassword, "nobody", "x", "", 0x5005ce, 960 + attempts);
    if (l.ok || l.denial != kAuthDenied) break;
  }
  p.Check("unknown principals are never backed off by source", attempts == 8,
          "attempt %d: ok=%d denial %u", attempts, l.ok, l.denial);
  l = DoLogin(p, kGuest, "", "", "", 0x5005ce, 970);
  p.Check("regression global lockout: a guessing source's guest login is admitted",
          l.ok && p.LiveSessions() == base + 1, "ok=%d denial %u", l.ok, l.denial);
  if (l.ok) SessionLogout(l.session);
}

}  // namespace

void RunAuthChecks(Probe& p) {
  const uint32_t base = p.LiveSessions();
  Login first;
  for (size_t i = 0; i < sizeof(kDenials) / sizeof(kDenials[0]); ++i) {
    const Case& c = kDenials[i];
    Login l = DoLogin(p, c.method, c.principal, c.secret, c.profile, 0xd0000 + i, 100 + i);
    if (i == 0) first = l;
    const uint32_t live = p.LiveSessions();
    p.Check(c.name,
            l.transport == abi::Error::kOk && !l.ok && l.denial == kAuthDenied &&
                l.raw_len == first.raw_len && memcmp(l.raw, first.raw, l.raw_len) == 0 &&
                live == base,
            "transport %s ok=%d denial %u bytes %u/%u live %u->%u", caprt::ErrorName(l.transport),
            l.ok, l.denial, l.raw_len, first.raw_len, base, live);
  }
  CheckBackoff(p, base);
  CheckBundles(p);
  CheckSystemInfo(p);

  Login op = DoLogin(p, kPassword, "operator", "capos-operator-dev", "", 0x0f, 1);
  p.Check("password login operator: session minted",
          op.ok && strcmp(op.profile, "operator") == 0 && op.principal_class == 3 &&
              p.LiveSessions() == base + 1,
          "ok=%d %s profile %s class %u", op.ok, caprt::ErrorName(op.transport), op.profile,
          op.principal_class);
  Login g = DoLogin(p, kGuest, "", "", "", 0x10, 2);
  p.Check("guest login: guest profile",
          g.ok && strcmp(g.profile, "guest") == 0 && g.principal_class == 1, "ok=%d %s profile %s",
          g.ok, caprt::ErrorName(g.transport), g.profile);
  Login a = DoLogin(p, kAnonymous, "ignored", "", "", 0x11, 3);
  p.Check("anonymous login: anonymous profile",
          a.ok && strcmp(a.principal, "anonymous") == 0 && strcmp(a.profile, "anonymous") == 0 &&
              a.principal_class == 0,
          "ok=%d %s profile %s", a.ok, caprt::ErrorName(a.transport), a.profile);
  p.Check("one kernel cell per successful login", p.LiveSessions() == base + 3, "live %u base %u",
          p.LiveSessions(), base);
  bool live = false;
  abi::Error e = SessionInfoLive(op.session, &live);
  p.Check("UserSession.info live", e == abi::Error::kOk && live, "%s", caprt::ErrorName(e));
  // These sessions end here; the chat and logout checks log in their own.
  SessionLogout(g.session);
  SessionLogout(a.session);
  SessionLogout(op.session);
  p.Check("logout returns the cells", p.LiveSessions() == base, "live %u base %u", p.LiveSessions(),
          base);
}

}  // namespace aprobe
