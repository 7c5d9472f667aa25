# Adventure: one shared text world served by services/adventure-server.
#
# Identity. A player is the caller's SESSION: the server keys players by the
# opaque caller-session reference the kernel attaches to every endpoint call
# (the per-session adventure-worker is bound to its session's cell), never
# by a name in the params. The name others see ("operator-2") is built by
# the server from the disclosed principal class and a server-assigned
# number; it never contains a session reference.
#
# Errors. Domain outcomes are results: every player method answers a View
# whose `outcome` says what happened, and a refused verb changes nothing.
# Transport errors (CQE status) are only: badMethod, malformedMessage
# (params that do not decode), resultTooSmall (a result buffer below
# minResultBytes, checked before any state changes), staleSession.
#
# Bounds: item names and said text are checked, never truncated (a longer
# one is outcome tooLong, a control character or bad UTF-8 invalidText).
#
# Ordinals are stable: never renumber, only append.
@0x986d376e5de8fc2f;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface Adventure @0xfe43154b6712571c {
  const maxPlayers :UInt32 = 16;
  const maxItemBytes :UInt32 = 32;
  const maxSayBytes :UInt32 = 160;
  const maxCarried :UInt32 = 6;
  const maxHeard :UInt32 = 8;
  const minResultBytes :UInt32 = 4096;

  # Every player verb answers the caller's current View. A session that has
  # no player yet is placed in the start room by its first verb.
  status @0 () -> (view :View);
  look @1 () -> (view :View);
  inventory @2 () -> (view :View);
  go @3 (direction :Direction) -> (view :View);
  take @4 (item :Text) -> (view :View);
  drop @5 (item :Text) -> (view :View);
  use @6 (item :Text) -> (view :View);
  say @7 (text :Text) -> (view :View);
  # Heard by every player in the same room (in their View's `heard`).
  who @8 () -> (view :View);
  # `players` lists everyone in the world with the room they are in.
  leave @9 () -> (view :View);
  # The worker calls it at shutdown: the player's carried items drop into
  # its room and the player is removed (outcome noPlayer if none).

  enum Direction {
    north @0;
    south @1;
    east @2;
    west @3;
    up @4;
    down @5;
  }

  enum Outcome {
    ok @0;
    noExit @1;        # "you can't go that way"
    locked @2;        # the exit is there but locked (a puzzle)
    noSuchItem @3;    # not here (take) / not carried (drop, use)
    cannotUse @4;     # using it here does nothing
    handsFull @5;     # maxCarried reached
    tooLong @6;       # item or text over its bound
    invalidText @7;   # empty, not UTF-8, or a control character
    noSession @8;     # the caller is bound to no session
    worldFull @9;     # maxPlayers reached
    noPlayer @10;     # leave without a player
  }

  struct View {
    outcome @0 :Outcome;
    message @1 :Text;        # one narrative line for this verb
    you @2 :Text;            # the caller's display name
    room @3 :Text;           # the room's title
    description @4 :Text;
    exits @5 :List(Text);    # direction names
    items @6 :List(Text);    # items lying here
    others @7 :List(Text);   # other players and NPCs here
    inventory @8 :List(Text);
    score @9 :UInt32;
    maxScore @10 :UInt32;
    moves @11 :UInt32;
    won @12 :Bool;
    heard @13 :List(Heard);  # said in this room since the caller's last verb
    players @14 :List(Whereabouts);  # `who` only
  }

  struct Heard {
    from @0 :Text;
    text @1 :Text;
  }

  struct Whereabouts {
    name @0 :Text;
    room @1 :Text;
    npc @2 :Bool;
  }
}

# The companions' facet (services/adventure-npc), on its own endpoint, so a
# player's worker can never act as an NPC and an NPC can never act as a
# player. Holding this facet is trusted (only the profile's companions get
# it). Every companion holds the same facet, so the server hands out the
# names: an NPC's first act passes npc = "" and gets the next name of the
# server's fixed roster, which it passes from then on.
interface AdventureNpc @0xd6453f60e06d72d1 {
  const maxLineBytes :UInt32 = 120;

  act @0 (npc :Text, line :Text) -> (name :Text, room :Text);
  # `npc`: "" on the first call (the server assigns the next roster name,
  # round robin), then that name; anything else is malformedMessage.
  # The server moves this NPC one step along a random open exit (or keeps it
  # where it is), then says `line` in the room it ends in: players there
  # hear it. Answers the NPC's name and the room it is in, which the NPC
  # then announces in chat. `line` is checked like a player's `say`
  # (malformedMessage for a bad one: NPCs are our own code).
}
