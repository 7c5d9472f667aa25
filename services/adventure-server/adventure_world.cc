#include "services/adventure-server/adventure_world.h"

#include "libcaprt/runtime/text_line.h"
#include "services/adventure-server/text_check.h"

namespace adventure {
namespace {

constexpr uint32_t kNumberWrap = 100000;

using Line = caprt::TextLine;

}  // namespace

void SetName(Name& name, const char* text, size_t len) {
  name.len = static_cast<uint8_t>(len < kMaxNameBytes ? len : kMaxNameBytes);
  for (uint32_t i = 0; i < name.len; ++i) name.text[i] = text[i];
  name.text[name.len] = '\0';
}

World::World() {
  for (uint8_t i = 0; i < kItemCount; ++i) {
    item_room_[i] = static_cast<int8_t>(ItemAt(i).home);
    item_holder_[i] = -1;
  }
}

int World::FindPlayer(uint64_t session_ref) const {
  if (session_ref == kNoSession) return -1;
  for (uint32_t i = 0; i < kMaxPlayers; ++i) {
    if (players_[i].active && players_[i].session_ref == session_ref) return static_cast<int>(i);
  }
  return -1;
}

uint32_t World::player_count() const {
  uint32_t n = 0;
  for (const Player& p : players_) n += p.active ? 1 : 0;
  return n;
}

uint32_t World::CarriedBy(int slot) const {
  uint32_t n = 0;
  for (uint8_t i = 0; i < kItemCount; ++i) n += item_holder_[i] == slot ? 1 : 0;
  return n;
}

bool World::IsLit(uint8_t room) const {
  if (!RoomAt(room).dark) return true;
  if (!lamp_lit_) return false;
  if (item_room_[kLamp] == room) return true;
  int holder = item_holder_[kLamp];
  return holder >= 0 && players_[holder].room == room;
}

const char* World::DescriptionOf(uint8_t room) const {
  return IsLit(room) ? RoomAt(room).description
                     : "It is pitch dark. You might trip over something you cannot see.";
}

bool World::IsOpen(uint8_t room, Direction d) const {
  uint8_t i = static_cast<uint8_t>(d);
  if (room >= kRoomCount || i >= kDirections || RoomAt(room).exits[i] == kNoRoom) return false;
  bool door = (room == kDoorRoomA && d == kDoorDirA) || (room == kDoorRoomB && d == kDoorDirB);
  return !(door && door_locked_);
}

const char* World::Format(const char* a, const char* b, const char* c) {
  Line(message_, sizeof(message_)).Add(a).Add(b).Add(c);
  return message_;
}

void World::Enter(Player& p, uint8_t room) {
  p.room = room;
  // Speech before arrival is not the newcomer's to hear.
  p.heard_seq = speech_seq_[room];
}

int World::Join(const Caller& caller, Reply& r) {
  int slot = -1;
  for (uint32_t i = 0; i < kMaxPlayers && slot < 0; ++i) {
    if (!players_[i].active) slot = static_cast<int>(i);
  }
  if (slot < 0) {
    r.outcome = Outcome::kWorldFull;
    r.message = "The castle is full; try again later.";
    return -1;
  }
  // Numbers are world-local and skip ones in use, so a name is never shared.
  bool taken = true;
  while (taken) {
    taken = false;
    for (const Player& q : players_) taken = taken || (q.active && q.number == next_number_);
    if (taken) next_number_ = next_number_ % (kNumberWrap - 1) + 1;
  }
  Player& p = players_[slot];
  p = Player();
  p.active = true;
  p.session_ref = caller.session_ref;
  p.number = next_number_;
  next_number_ = next_number_ % (kNumberWrap - 1) + 1;
  char name[kMaxNameBytes + 1];
  const char* principal = caller.principal != nullptr ? caller.principal : "player";
  size_t len = Line(name, sizeof(name)).Add(principal).Add("-").Add(p.number).len();
  SetName(p.name, name, len);
  Enter(p, kStartRoom);
  Line(r.log, sizeof(r.log)).Add("adventure: ").Add(p.name.text).Add(" joined");
  return slot;
}

void World::Leave(int slot, Reply& r) {
  Player& p = players_[slot];
  for (uint8_t i = 0; i < kItemCount; ++i) {
    if (item_holder_[i] != slot) continue;
    item_holder_[i] = -1;
    item_room_[i] = static_cast<int8_t>(p.room);
  }
  p.active = false;
  r.message = "You leave the castle; what you carried stays behind.";
  Line(r.log, sizeof(r.log))
      .Add("adventure: ")
      .Add(p.name.text)
      .Add(" left with ")
      .Add(p.score)
      .Add("/")
      .Add(kMaxScore)
      .Add(" points");
}

void World::Speak(uint8_t room, uint32_t speaker, const Name& from, const char* text, size_t len) {
  uint32_t seq = ++speech_seq_[room];
  HeardLine& h = speech_[room][(seq - 1) % kSpeechDepth];
  h.seq = seq;
  h.speaker = speaker;
  h.from = from;
  h.text_len = static_cast<uint16_t>(len < kMaxSayBytes ? len : kMaxSayBytes);
  for (uint32_t i = 0; i < h.text_len; ++i) h.text[i] = text[i];
  h.text[h.text_len] = '\0';
}

uint32_t World::CollectHeard(Player& p) {
  uint32_t latest = speech_seq_[p.room];
  uint32_t oldest = latest > kSpeechDepth ? latest - kSpeechDepth + 1 : 1;
  uint32_t seq = p.heard_seq + 1 > oldest ? p.heard_seq + 1 : oldest;
  uint32_t n = 0;
  // Oldest first; what does not fit in maxHeard waits for the next verb.
  for (; seq <= latest && n < kMaxHeard; ++seq) {
    const HeardLine& h = speech_[p.room][(seq - 1) % kSpeechDepth];
    p.heard_seq = seq;
    if (h.speaker != p.number) heard_[n++] = h;
  }
  return n;
}

void World::Award(Player& p, uint32_t bit, uint32_t points) {
  if ((p.awards & bit) != 0) return;
  p.awards |= bit;
  p.score += points;
}

Reply World::Apply(const Caller& caller, const Command& c) {
  Reply r;
  if (caller.session_ref == kNoSession) {
    r.outcome = Outcome::kNoSession;
    r.message = "You are not bound to a session.";
    return r;
  }
  int slot = FindPlayer(caller.session_ref);
  if (c.verb == Verb::kLeave) {
    if (slot < 0) {
      r.outcome = Outcome::kNoPlayer;
      r.message = "You are not in the castle.";
      return r;
    }
    r.player = slot;
    Leave(slot, r);
    return r;
  }
  // Arguments are judged before a first verb joins the caller, so a refused
  // verb leaves nothing behind, not even a player.
  Outcome check = Outcome::kOk;
  if (c.verb == Verb::kTake || c.verb == Verb::kDrop || c.verb == Verb::kUse) {
    check = CheckText(c.text, c.text_len, kMaxItemBytes);
  } else if (c.verb == Verb::kSay) {
    check = CheckText(c.text, c.text_len, kMaxSayBytes);
  }
  if (check != Outcome::kOk) {
    r.outcome = check;
    r.message = check == Outcome::kTooLong ? "That is too long." : "That is not readable text.";
    r.player = slot;
    if (slot >= 0) r.heard = CollectHeard(players_[slot]);
    return r;
  }
  if (slot < 0) slot = Join(caller, r);
  if (slot < 0) return r;
  r.player = slot;
  Player& p = players_[slot];
  r.heard = CollectHeard(p);
  switch (c.verb) {
    case Verb::kStatus:
      r.message =
          p.won ? "The crown is on the throne: you have won." : "Your quest: crown the king.";
      break;
    case Verb::kLook:
      r.message = IsLit(p.room) ? "You look around." : "It is pitch dark.";
      break;
    case Verb::kInventory:
      r.message = CarriedBy(slot) == 0 ? "You carry nothing." : "You check what you carry.";
      break;
    case Verb::kWho:
      r.message = "You listen for other adventurers.";
      r.players_list = true;
      break;
    case Verb::kGo:
      Go(p, c.direction, r);
      break;
    case Verb::kTake:
      Take(slot, c, r);
      break;
    case Verb::kDrop:
      Drop(slot, c, r);
      break;
    case Verb::kUse:
      Use(slot, c, r);
      break;
    case Verb::kSay:
      Say(p, c, r);
      break;
    case Verb::kLeave:
      break;  // handled above
  }
  return r;
}

}  // namespace adventure
