#include "services/adventure-server/adventure_view.h"

namespace adventure {
namespace {

using capos::schema::Adventure;

capnp::Text::Reader TextOf(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return capnp::Text::Reader(s, n);
}
capnp::Text::Reader TextOf(const Name& name) {
  return capnp::Text::Reader(name.text, name.len);
}

// Others in `room` besides player `self`: players first, then NPCs.
// Counting and filling walk the same order, so index i is the same entry.
template <typename Fn>
void ForOthers(const World& world, uint8_t room, int self, Fn&& fn) {
  for (uint32_t i = 0; i < kMaxPlayers; ++i) {
    const Player& p = world.PlayerAt(i);
    if (p.active && p.room == room && static_cast<int>(i) != self) fn(TextOf(p.name));
  }
  for (uint32_t i = 0; i < kNpcCount; ++i) {
    const Npc& n = world.NpcAt(i);
    if (n.active && n.room == room) fn(TextOf(World::NpcName(i)));
  }
}

void FillRoom(const World& world, const Reply& reply, Adventure::View::Builder v) {
  const Player& p = world.PlayerAt(static_cast<uint32_t>(reply.player));
  const RoomDef& room = RoomAt(p.room);
  v.setYou(TextOf(p.name));
  v.setRoom(TextOf(room.title));
  v.setDescription(TextOf(world.DescriptionOf(p.room)));
  uint32_t n = 0;
  for (uint32_t d = 0; d < kDirections; ++d) n += room.exits[d] != kNoRoom ? 1 : 0;
  auto exits = v.initExits(n);
  n = 0;
  for (uint32_t d = 0; d < kDirections; ++d) {
    if (room.exits[d] != kNoRoom) exits.set(n++, TextOf(DirectionName(static_cast<Direction>(d))));
  }
  // In the dark nothing lying here can be seen (or taken).
  bool lit = world.IsLit(p.room);
  n = 0;
  for (uint8_t i = 0; i < kItemCount; ++i) n += lit && world.ItemRoom(i) == p.room ? 1 : 0;
  auto items = v.initItems(n);
  n = 0;
  for (uint8_t i = 0; i < kItemCount; ++i) {
    if (lit && world.ItemRoom(i) == p.room) items.set(n++, TextOf(ItemAt(i).name));
  }
  n = 0;
  ForOthers(world, p.room, reply.player, [&](capnp::Text::Reader) { ++n; });
  auto others = v.initOthers(n);
  n = 0;
  ForOthers(world, p.room, reply.player, [&](capnp::Text::Reader t) { others.set(n++, t); });
  n = 0;
  for (uint8_t i = 0; i < kItemCount; ++i) n += world.ItemHolder(i) == reply.player ? 1 : 0;
  auto inventory = v.initInventory(n);
  n = 0;
  for (uint8_t i = 0; i < kItemCount; ++i) {
    if (world.ItemHolder(i) == reply.player) inventory.set(n++, TextOf(ItemAt(i).name));
  }
  v.setScore(p.score);
  v.setMoves(p.moves);
  v.setWon(p.won);
}

void FillPlayers(const World& world, Adventure::View::Builder v) {
  uint32_t n = world.player_count();
  for (uint32_t i = 0; i < kNpcCount; ++i) n += world.NpcAt(i).active ? 1 : 0;
  auto list = v.initPlayers(n);
  n = 0;
  for (uint32_t i = 0; i < kMaxPlayers; ++i) {
    const Player& p = world.PlayerAt(i);
    if (!p.active) continue;
    list[n].setName(TextOf(p.name));
    list[n++].setRoom(TextOf(RoomAt(p.room).title));
  }
  for (uint32_t i = 0; i < kNpcCount; ++i) {
    const Npc& npc = world.NpcAt(i);
    if (!npc.active) continue;
    list[n].setName(TextOf(World::NpcName(i)));
    list[n].setRoom(TextOf(RoomAt(npc.room).title));
    list[n++].setNpc(true);
  }
}

}  // namespace

void BuildView(const World& world, const Reply& reply, Adventure::View::Builder v) {
  v.setOutcome(static_cast<Adventure::Outcome>(reply.outcome));
  v.setMessage(TextOf(reply.message));
  v.setMaxScore(kMaxScore);
  if (reply.player >= 0) FillRoom(world, reply, v);
  auto heard = v.initHeard(reply.heard);
  for (uint32_t i = 0; i < reply.heard; ++i) {
    const HeardLine& h = world.HeardAt(i);
    heard[i].setFrom(TextOf(h.from));
    heard[i].setText(capnp::Text::Reader(h.text, h.text_len));
  }
  if (reply.players_list) FillPlayers(world, v);
}

}  // namespace adventure
