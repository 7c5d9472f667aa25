#include "tools/remote-session-client/fake_terminal.h"

#include <algorithm>
#include <cstdio>

namespace rsclient::testing {
namespace {

namespace rs = capos::schema;

std::string bytes_of(capnp::Data::Reader d) {
  return std::string(reinterpret_cast<const char*>(d.begin()), d.size());
}

capnp::Data::Reader as_data(const std::string& s) {
  return capnp::Data::Reader(reinterpret_cast<const capnp::byte*>(s.data()), s.size());
}

}  // namespace

int FakeTerminals::login(std::string* ticket) {
  std::lock_guard<std::mutex> l(mu_);
  const int session = static_cast<int>(tickets_.size()) + 1;
  char t[32];
  std::snprintf(t, sizeof(t), "ticket-%09d", session);
  *ticket = std::string(t).substr(0, 16);  // 16 bytes, as the gateway's
  tickets_[*ticket] = session;
  sessions_[session];
  return session;
}

int FakeTerminals::resume(const std::string& ticket) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = tickets_.find(ticket);
  log_.push_back(it == tickets_.end() ? "resume refused" : "resume ok");
  return it == tickets_.end() ? 0 : it->second;
}

FakeTerminals::Term* FakeTerminals::find(int session, uint32_t id) {
  for (auto& t : sessions_[session]) {
    if (t.id == id && !t.closed) return &t;
  }
  return nullptr;
}

bool FakeTerminals::valid(const Term& t, uint32_t att) const {
  return att != 0 && (t.owner == att || t.followers.count(att) != 0);
}

uint64_t FakeTerminals::oldest(const Term& t) const {
  return knobs_.keep_bytes != 0 && t.out.size() > knobs_.keep_bytes
             ? t.out.size() - knobs_.keep_bytes
             : 0;
}

void FakeTerminals::input(Term* t, const std::string& bytes) {
  for (char c : bytes) {
    if (c != '\r' && c != '\n') {
      t->out += c;  // the echo
      t->line += c;
      continue;
    }
    t->out += "\r\n";
    if (t->line == "exit") t->exited = true;
    if (t->line == "flood") {
      for (size_t n = 0; t->out.size() < n + knobs_.flood_bytes;) {
        char l[32];
        std::snprintf(l, sizeof(l), "flood line %08zu\r\n", n++);
        t->out += l;
      }
    }
    t->line.clear();
    if (!t->exited) t->out += "$ ";
  }
}

void FakeTerminals::view(const Term& t, rs::TerminalView::Builder v) const {
  v.setId(t.id);
  v.setName("term-" + std::to_string(t.id));
  v.setCols(t.cols);
  v.setRows(t.rows);
  v.setState(t.exited ? "exited" : t.owner != 0 ? "running" : "detached");
  v.setOwnerAttached(t.owner != 0);
  v.setFollowers(static_cast<uint32_t>(t.followers.size()));
  v.setOldestSeq(oldest(t));
  v.setNextSeq(t.out.size());
  v.setGraceMs(60000);
}

void FakeTerminals::read(Term* t, uint32_t att, uint64_t from, uint32_t max_bytes,
                         rs::TerminalReply::Builder out) {
  if (t == nullptr) return out.setStatus("ended");
  if (!valid(*t, att)) return out.setStatus("detached");
  if (from > t->out.size()) return out.setStatus("futureSeq");
  if (t->exited && from == t->out.size()) {
    t->owner == att ? (void)(t->owner = 0) : (void)t->followers.erase(att);
    return out.setStatus("ended");
  }
  const uint64_t skipped = oldest(*t) > from ? oldest(*t) - from : 0;
  const uint64_t start = from + skipped;
  const size_t n = std::min<size_t>(t->out.size() - start, max_bytes == 0 ? 16384 : max_bytes);
  std::string bytes;
  if (skipped > 0)
    bytes = "\x1b[2m[... " + std::to_string(skipped) + " bytes skipped ...]\x1b[0m\r\n";
  bytes += t->out.substr(start, n);
  out.setStatus("ok");
  out.setBytes(as_data(bytes));
  out.setNextSeq(start + n);
  out.setSkipped(skipped);
  out.setMore(start + n < t->out.size());
}

bool FakeTerminals::call(int session, rs::Call::Reader c, uint32_t request_id, uint64_t now_ms,
                         rs::TerminalReply::Builder out, HeldRead* held) {
  std::lock_guard<std::mutex> l(mu_);
  auto& terms = sessions_[session];
  auto ok = [&] { out.setStatus("ok"); };
  switch (c.which()) {
    case rs::Call::TERMINAL_OPEN: {
      auto z = c.getTerminalOpen();
      log_.push_back("open " + std::to_string(z.getCols()) + "x" + std::to_string(z.getRows()));
      size_t live = 0;
      for (const auto& t : terms) live += t.closed ? 0 : 1;
      if (live >= 4) {
        out.setStatus("tooManyTerminals");
        out.setLimit(4);
        return true;
      }
      Term t;
      t.id = static_cast<uint32_t>(terms.size()) + 1;
      t.cols = z.getCols();
      t.rows = z.getRows();
      t.out = knobs_.banner;
      t.owner = next_attachment_++;
      terms.push_back(t);
      ok();
      out.initRef().setTerminalId(t.id);
      out.getRef().setAttachment(t.owner);
      out.setMode("owner");
      view(t, out.initInfo());
      return true;
    }
    case rs::Call::TERMINAL_ATTACH: {
      auto a = c.getTerminalAttach();
      const bool owner = a.getMode() == "owner";
      log_.push_back("attach " + std::to_string(a.getTerminalId()) + " " + a.getMode().cStr() +
                     " resume=" + std::to_string(a.getResumeSeq()) +
                     " replace=" + std::to_string(a.getReplaceOwner()));
      Term* t = find(session, a.getTerminalId());
      if (t == nullptr) return out.setStatus("unknownTerminal"), true;
      if (a.getResumeSeq() > t->out.size()) return out.setStatus("futureSeq"), true;
      if (owner && t->owner != 0 && !a.getReplaceOwner()) {
        return out.setStatus("ownerAttached"), true;
      }
      const uint32_t att = next_attachment_++;
      owner ? (void)(t->owner = att) : (void)(t->followers[att] = true);
      ok();
      out.initRef().setTerminalId(t->id);
      out.getRef().setAttachment(att);
      out.setMode(owner ? "owner" : "follower");
      view(*t, out.initInfo());
      return true;
    }
    case rs::Call::TERMINAL_LIST: {
      log_.push_back("list");
      ok();
      size_t live = 0;
      for (const auto& t : terms) live += t.closed ? 0 : 1;
      auto l = out.initTerminals(static_cast<unsigned>(live));
      unsigned i = 0;
      for (const auto& t : terms) {
        if (!t.closed) view(t, l[i++]);
      }
      return true;
    }
    case rs::Call::TERMINAL_WRITE: {
      auto w = c.getTerminalWrite();
      Term* t = find(session, w.getRef().getTerminalId());
      if (t == nullptr) return out.setStatus("ended"), true;
      if (!valid(*t, w.getRef().getAttachment())) return out.setStatus("detached"), true;
      if (t->owner != w.getRef().getAttachment()) return out.setStatus("followerInput"), true;
      if (w.getBytes().size() > 4096) return out.setStatus("tooLarge"), out.setLimit(4096), true;
      if (input_full_left_ < 0) input_full_left_ = knobs_.input_full_writes;
      if (input_full_left_ > 0) {
        --input_full_left_;
        log_.push_back("writeFull");
        return out.setStatus("inputFull"), true;
      }
      log_.push_back("write " + std::to_string(w.getBytes().size()));
      input(t, bytes_of(w.getBytes()));
      return ok(), true;
    }
    case rs::Call::TERMINAL_RESIZE: {
      auto z = c.getTerminalResize();
      log_.push_back("resize " + std::to_string(z.getCols()) + "x" + std::to_string(z.getRows()));
      Term* t = find(session, z.getRef().getTerminalId());
      if (t == nullptr) return out.setStatus("ended"), true;
      t->cols = z.getCols();
      t->rows = z.getRows();
      return ok(), true;
    }
    case rs::Call::TERMINAL_READ: {
      auto q = c.getTerminalRead();
      Term* t = find(session, q.getRef().getTerminalId());
      *held = {
          request_id,     session,         q.getRef().getTerminalId(), q.getRef().getAttachment(),
          q.getFromSeq(), q.getMaxBytes(), now_ms + q.getWaitMs()};
      const bool wait = t != nullptr && valid(*t, held->attachment) && !t->exited &&
                        q.getFromSeq() == t->out.size() && q.getWaitMs() > 0;
      if (wait) return false;
      read(t, held->attachment, q.getFromSeq(), q.getMaxBytes(), out);
      return true;
    }
    case rs::Call::TERMINAL_DETACH:
    case rs::Call::TERMINAL_CLOSE: {
      const bool close = c.isTerminalClose();
      auto ref = close ? c.getTerminalClose() : c.getTerminalDetach();
      log_.push_back(close ? "close" : "detach");
      Term* t = find(session, ref.getTerminalId());
      if (t == nullptr) return out.setStatus("ended"), true;
      if (!valid(*t, ref.getAttachment())) return out.setStatus("detached"), true;
      if (close) {
        t->closed = true;
      } else if (t->owner == ref.getAttachment()) {
        t->owner = 0;
        t->out += knobs_.away_output;  // the shell goes on while nobody watches
      } else {
        t->followers.erase(ref.getAttachment());
      }
      return ok(), true;
    }
    default:
      return out.setStatus("badMethod"), true;
  }
}

bool FakeTerminals::ready(const HeldRead& h, uint64_t now_ms) {
  std::lock_guard<std::mutex> l(mu_);
  Term* t = find(h.session, h.terminal);
  return now_ms >= h.deadline_ms || t == nullptr || !valid(*t, h.attachment) || t->exited ||
         t->out.size() > h.from;
}

void FakeTerminals::answer(const HeldRead& h, rs::TerminalReply::Builder out) {
  std::lock_guard<std::mutex> l(mu_);
  read(find(h.session, h.terminal), h.attachment, h.from, h.max_bytes, out);
}

std::vector<std::string> FakeTerminals::log() {
  std::lock_guard<std::mutex> l(mu_);
  return log_;
}

std::string FakeTerminals::output(int session, uint32_t terminal) {
  std::lock_guard<std::mutex> l(mu_);
  Term* t = find(session, terminal);
  return t == nullptr ? "" : t->out;
}

}  // namespace rsclient::testing
