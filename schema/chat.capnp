# Chat: one shared room served by services/chat-server.
#
# Identity. A member is the caller's SESSION, never a name the caller
# supplies: the server keys members by the opaque caller-session reference
# the kernel attaches to every endpoint call, so no method here takes a user
# name. The display name others see is built by the server from what the
# endpoint facet discloses (principal class) plus a server-assigned handle,
# e.g. "operator-3"; it never contains a session reference or any other
# session-global id.
#
# Errors. Domain outcomes are results, not transport errors: every method
# answers with a `status`, and a refused call changes nothing. Transport
# errors (CQE status) are only: badMethod (unknown ordinal), malformedMessage
# (params that do not decode), resultTooSmall (result buffer below
# Chat.minResultBytes, checked before any state changes), staleSession (kernel:
# the caller's session is logged out).
#
# Bounds (typed `boundExceeded` with `bound` and `limit` when hit):
#   members       at most 32 sessions joined at once
#   textBytes     a message is 1..256 bytes of UTF-8 without control characters
#   history       the last 64 messages are kept; poll says `truncated` when
#                 messages after `sinceSeq` were already dropped
#
# Ordinals are stable: never renumber, only append.
@0x8e9649d95533182d;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface Chat @0xc5164bef98ecf572 {
  const maxMembers :UInt32 = 32;
  const maxTextBytes :UInt32 = 256;
  const historyDepth :UInt32 = 64;
  const maxPollMessages :UInt32 = 64;
  const minResultBytes :UInt32 = 1024;

  join @0 () -> (status :Status, alreadyMember :Bool, you :Text,
                 bound :Bound, limit :UInt32);
  # Joins the caller's session. Idempotent: a second join answers ok with
  # alreadyMember = true and the same display name `you`.
  # status: ok | noSession (caller not bound to a session) |
  #         boundExceeded (bound = members, limit = maxMembers).

  leave @1 () -> (status :Status);
  # status: ok | notJoined | noSession.

  send @2 (text :Text) -> (sent :Bool, status :Status, seq :UInt64,
                           bound :Bound, limit :UInt32);
  # Appends `text` to the history as the caller; `seq` is its sequence
  # number (> 0) when sent. sent = false with:
  #   notJoined | noSession | emptyText | invalidText (not UTF-8, or a
  #   control character) | boundExceeded (bound = textBytes,
  #   limit = maxTextBytes).

  who @3 () -> (status :Status, members :List(Text), you :Text);
  # Display names of the joined members, in join order. Members only:
  # status notJoined / noSession with an empty list otherwise.

  poll @4 (sinceSeq :UInt64, limit :UInt32)
       -> (status :Status, messages :List(Message), truncated :Bool,
           more :Bool, latestSeq :UInt64);
  # Messages with seq > sinceSeq, oldest first, at most `limit`
  # (0 or above maxPollMessages means maxPollMessages). Members only.
  #   truncated  messages after sinceSeq were dropped from the history
  #              before this poll (the ring keeps historyDepth)
  #   more       the limit cut the answer short; poll again from the last
  #              seq received
  #   latestSeq  newest seq the room has assigned (0 if none); a client
  #              whose sinceSeq is above it should restart from 0

  struct Message {
    seq @0 :UInt64;
    from @1 :Text;  # the sender's display name when it was sent
    text @2 :Text;
  }

  enum Status {
    ok @0;
    notJoined @1;
    noSession @2;
    boundExceeded @3;
    emptyText @4;
    invalidText @5;
  }

  enum Bound {
    none @0;
    members @1;
    textBytes @2;
  }
}

# Speech from the system's own characters (the Adventure NPCs) into the
# room, on a separate endpoint of chat-server: only holders of this facet
# can speak without a session, and what they say is always shown under
# "npc:<speaker>", so it can never pass for a member's message.
interface ChatNarrator @0xf82fd2c2266f405c {
  const maxSpeakerBytes :UInt32 = 16;

  announce @0 (speaker :Text, text :Text) -> (status :Chat.Status, seq :UInt64);
  # Appends a message from "npc:<speaker>" to the history. speaker is
  # 1..maxSpeakerBytes of [A-Za-z0-9-]; text is checked like Chat.send.
  # status: ok | emptyText | invalidText (also a bad speaker) |
  #         boundExceeded (text over maxTextBytes).
}
