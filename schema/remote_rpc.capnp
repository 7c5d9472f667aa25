# Remote sessions over standard Cap'n Proto RPC (issue 11).
#
# The surface of schema/remote_session.capnp as capabilities instead of DTO
# frames. services/rpc-gateway serves it on its manifest port (guest :2328)
# with the stock two-party protocol (capnp/rpc.capnp, rpc-twoparty.capnp:
# standard stream framing, unpacked), so any stock client speaks it
# (capnp::EzRpcClient, capnp::TwoPartyClient). The connection's bootstrap
# capability is a Gateway.
#
# Authority is the capability. A client holds a Session only after a
# successful login, and the Session's CapSet hands out the session's
# capabilities themselves (`get` returns the cap, not a name for it).
# Nothing here ever carries a cap slot, a process handle, an endpoint
# owner, a session-global id, a host user name or a host path: a remote
# client sees capabilities, names, interface ids, view models and typed
# denials only. The guest's session core (services/lib/remote-session)
# decides every rule, as it does for the DTO front ends: same policy,
# bounds, redaction, transcript and audit lines.
#
# Lifetimes are capability lifetimes. A Session and every capability
# obtained through it (its CapSet, the CapSet's entries, subscriptions)
# belong to one login: `logout`, or the end of the connection, revokes
# them all, and a later call on any of them fails with the exception
# "staleSession". Releasing the Session cap does not log out (a client may
# keep only the caps it needs); the connection's end does.
#
# Denials are typed. What a client must handle is a result: a union with a
# `denied` RS.RemoteDenial (the same ErrorCode and fixed message text as the
# DTOs), or a domain status of the service (Chat.Status, an Adventure or
# Paperclips View's outcome, a TerminalStatus). Everything else is an RPC
# exception whose description is exactly one RS.ErrorCode name, a fixed
# string: "staleSession" (the session has ended), "boundExceeded" (a bound
# below, or one of the core's), "unavailable" (a backend failed; retry
# later), "malformedRequest" (a text or list over its bound). A stock client
# prefixes it ("remote exception: staleSession"); no exception ever carries
# a reason that would help a guesser. Methods a gateway build does not
# implement yet fail with capnp's own "unimplemented" exception.
#
# Bounds. Every message the gateway reads passes a validating stream in
# front of the RPC system: a message above maxMessageWords or with more
# than maxSegments segments is refused before its body is read, one whose
# pointers leave their segments, nest deeper than maxNestingDepth or read
# more than maxTraversalWords is refused whole, and so is a peer with more
# than maxOpenQuestions calls it has not finished. Refused means the
# connection is aborted; no other connection notices. Pushes to a client's
# callback caps keep one call in flight per subscription: its return is the
# acknowledgement, so a client that stops returning stops its pushes, never
# the gateway.
#
# Ordinals are stable: never renumber, only append.
@0xe6b4b9fe88724920;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::rpc");

using RS = import "remote_session.capnp";
using ChatS = import "chat.capnp";
using Adv = import "adventure.capnp";
using Clips = import "paperclips.capnp";

const maxMessageWords :UInt32 = 9216;
# One message, segment table included (72 KiB): the DTO's largest payload
# (RS.maxFrameBytes, 64 KiB) plus 8 KiB of RPC envelope (the Call or Return
# header and its cap table).

const maxSegments :UInt32 = 32;
# A stock builder needs a handful for the largest message; more is a peer
# making the reader allocate segment tables.

const maxTraversalWords :UInt32 = 36864;
# Words a message may make its reader visit (4x maxMessageWords): bounds the
# amplification of pointers that share their target.

const maxNestingDepth :UInt32 = 32;

const maxOpenQuestions :UInt32 = 64;
# Bootstraps and calls of one peer that it has not sent a Finish for yet.

const maxQueuedReplyBytes :UInt32 = 262144;
# Answers waiting for the peer to read them. Above this the gateway reads
# no further message from that peer until it catches up (backpressure on
# the peer, never memory on the gateway).

const maxConnections :UInt32 = 16;
# Connections served at once; the next one is closed at accept.

const maxSubscriptions :UInt32 = 4;
# Live subscriptions per session (chat, adventure, paperclips together).

const minWatchMs :UInt32 = 250;
# Paperclips.watch pushes no more often than this (the game's tick).

interface Gateway @0xe49d3e21ef20780b {
  # The bootstrap capability: what a connection may do before a login.

  authMethods @0 () -> (methods :List(RS.AuthMethodInfo));
  # Every login method and whether this system enables it: the rows the
  # DTO's authMethods answers, from the same core. Never denied.

  login @1 (login :RS.Login) -> (result :LoginResult);
  # As the DTO's login: password, guest or anonymous; publicKey, oidc and
  # passkey are denied disabledAuthMethod. The password is wiped after the
  # check and never logged or echoed. A connection may hold one live login:
  # a second login first logs the previous one out (its caps are revoked).
  # denied: authDenied (whatever the precise reason), disabledAuthMethod,
  # boundExceeded, loginTimeout (too many failed logins, or none within the
  # pre-auth grace period: the connection then closes).
}

struct LoginResult {
  union {
    ok :group {
      session @0 :Session;
      view @1 :RS.SessionView;  # resumeTicket is always empty here: an RPC
                                # session lives as long as its capabilities
    }
    denied @2 :RS.RemoteDenial;
  }
}

interface Session @0x87e0a0966763d10b {
  # One login. Revoked (every method "staleSession") after logout.

  info @0 () -> (view :RS.SessionView);
  # The session summary, as at login (live = true while it lasts).

  capSet @1 () -> (capSet :CapSet);
  # The session's capabilities, as its profile grants them.

  logout @2 () -> ();
  # Ends the session: its workers stop, the authority logs it out, and
  # every capability obtained through it is revoked. Idempotent until the
  # Session itself is revoked, which this call does last.

  transcript @3 () -> (events :List(RS.TranscriptEvent));
  # This connection's redacted event log (the DTO's exportTranscript), at
  # most the core's transcript capacity, oldest first.
}

interface CapSet @0x99d78bbb619d92d7 {
  # Over RPC a CapSetEntry's interfaceId and interfaceName name the
  # interface of this file that the entry's capability implements (Chat,
  # SystemInfo, ServiceRunner, Adventure, Paperclips, Session; terminal.capnp's
  # TerminalManager for "terminal").

  list @0 () -> (entries :List(RS.CapSetEntry));
  # Every entry the session holds now, with its method descriptors.
  # A launched service's export is listed while it runs.

  get @1 (name :Text, interfaceId :UInt64) -> (result :GetResult);
  # The entry's capability itself, narrowed to the entry's policy (a method
  # the policy does not allow fails "methodDenied" as an exception).
  # denied: unknownCap (no entry with that name), wrongInterface (the entry
  # has another interface id).

  struct GetResult {
    union {
      cap @0 :Capability;
      denied @1 :RS.RemoteDenial;
    }
    entry @2 :RS.CapSetEntry;  # the entry (with `cap` only)
  }
}

interface SystemInfo @0x90bdfdc8ff8572e3 {
  # CapSet entry "system_info" (read).
  motd @0 () -> (text :Text);
  buildInfo @1 () -> (text :Text);
}

interface Chat @0x8b6e899020d64427 {
  # CapSet entry "chat": the shared room, through the session's chat worker,
  # so the room sees the caller's live session (schema/chat.capnp has the
  # rules and bounds). Statuses are ChatS.Chat.Status; `limit` is the bound
  # a boundExceeded hit.

  join @0 () -> (status :ChatS.Chat.Status, you :Text, alreadyMember :Bool, limit :UInt32);
  leave @1 () -> (status :ChatS.Chat.Status);
  send @2 (text :Text) -> (sent :Bool, status :ChatS.Chat.Status, seq :UInt64, limit :UInt32);
  who @3 () -> (status :ChatS.Chat.Status, members :List(Text), you :Text);
  poll @4 (sinceSeq :UInt64, limit :UInt32)
       -> (status :ChatS.Chat.Status, messages :List(ChatS.Chat.Message), truncated :Bool,
           more :Bool, latestSeq :UInt64);

  subscribe @5 (receiver :ChatReceiver, sinceSeq :UInt64)
            -> (status :ChatS.Chat.Status, subscription :Subscription);
  # Pushes every message after sinceSeq to `receiver` as it arrives, in
  # order, at most ChatS.Chat.maxPollMessages per call and one call in
  # flight. Members only (status notJoined otherwise, and no subscription);
  # boundExceeded beyond maxSubscriptions. Ends when `subscription` is
  # released, the caller leaves, or the session ends (receiver.ended).
}

interface ChatReceiver @0xffa12cd3ee8847c4 {
  # A client's callback for Chat.subscribe.
  messages @0 (messages :List(ChatS.Chat.Message), truncated :Bool) -> ();
  # truncated: messages were dropped from the room's history before this
  # push could carry them (a receiver that returned too slowly).
  ended @1 (code :RS.ErrorCode) -> ();
  # The last push: staleSession (logout), or notAuthenticated (left).
}

interface Subscription @0xcbf0c6df2f6e9803 {
  # Held by the client; releasing it ends the pushes. No methods.
}

interface ServiceRunner @0xdc786f08e7b28105 {
  # CapSet entry "services" (profiles with the launcher right; never guest
  # or anonymous). The DTO's serviceCatalog/Launch/Status/Stop.

  catalog @0 () -> (services :List(RS.ServiceEntry));
  launch @1 (launch :RS.ServiceLaunch) -> (result :LaunchResult);
  # grants name client facets by CapSet entry name and interface id, as in
  # the DTO. A running service's exports join the CapSet until it stops.
  status @2 (profile :Text) -> (result :LaunchResult);
  stop @3 (profile :Text) -> (result :LaunchResult);

  struct LaunchResult {
    union {
      status @0 :RS.ServiceStatus;
      denied @1 :RS.RemoteDenial;  # launchDenied with the rule that refused it
    }
  }
}

interface Adventure @0xb4c2c2f581d73d69 {
  # CapSet entry "adventure" of a launched Adventure (adventure.capnp has the
  # world's rules). Every verb answers the caller's View.
  status @0 () -> (view :Adv.Adventure.View);
  look @1 () -> (view :Adv.Adventure.View);
  inventory @2 () -> (view :Adv.Adventure.View);
  go @3 (direction :Adv.Adventure.Direction) -> (view :Adv.Adventure.View);
  take @4 (item :Text) -> (view :Adv.Adventure.View);
  drop @5 (item :Text) -> (view :Adv.Adventure.View);
  use @6 (item :Text) -> (view :Adv.Adventure.View);
  say @7 (text :Text) -> (view :Adv.Adventure.View);
  who @8 () -> (view :Adv.Adventure.View);

  subscribe @9 (receiver :AdventureReceiver) -> (subscription :Subscription);
  # Pushes what is said in the caller's room (Adv.Adventure.Heard, at most
  # Adv.Adventure.maxHeard per call, one call in flight). boundExceeded
  # beyond maxSubscriptions.
}

interface AdventureReceiver @0xbaa8b8bedbf1f240 {
  heard @0 (heard :List(Adv.Adventure.Heard)) -> ();
  ended @1 (code :RS.ErrorCode) -> ();
  # The last push: staleSession (logout) or unavailable (the game stopped).
}

interface Paperclips @0xc9fe77fb6f0fe28b {
  # CapSet entry "paperclips" of a launched game (paperclips.capnp has the
  # rules). Every command answers the caller's View.
  status @0 () -> (view :Clips.Paperclips.View);
  make @1 () -> (view :Clips.Paperclips.View);
  setPrice @2 (cents :UInt32) -> (view :Clips.Paperclips.View);
  buyWire @3 () -> (view :Clips.Paperclips.View);
  buyAutoclipper @4 () -> (view :Clips.Paperclips.View);
  project @5 (id :Text) -> (view :Clips.Paperclips.View);

  watch @6 (receiver :PaperclipsReceiver, everyMs :UInt32) -> (subscription :Subscription);
  # Pushes the View every max(everyMs, minWatchMs) while it changes, one
  # call in flight. boundExceeded beyond maxSubscriptions.
}

interface PaperclipsReceiver @0x93b35c842a929b0d {
  view @0 (view :Clips.Paperclips.View) -> ();
  ended @1 (code :RS.ErrorCode) -> ();
  # The last push: staleSession (logout) or unavailable (the game stopped).
}
