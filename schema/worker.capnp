# Per-session workers (services/chat-worker): the control interface a front
# end (gateway, web-ui) uses to drive the worker it spawned for one session.
#
# The worker is spawned through the restricted launcher BOUND to the
# caller's session cell, so every call it makes on its Chat grant carries
# that live session: chat-server keys membership by it, never by a name the
# front end or the remote client supplies. After the session is logged out
# the worker's calls fail staleSession in the kernel.
#
# The front end creates the control endpoint, keeps the client facet and
# hands the owner facet to the worker as its `control` grant.
#
# Ordinals are stable: never renumber, only append.
@0xaf191547828134a9;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface ChatWorker @0xf2bb99c059fc63bc {
  const maxRelayBytes :UInt32 = 4096;

  relay @0 (method :UInt16, params :Data) -> (results :Data);
  # Calls Chat method `method` (Chat's ordinal, 0..4) on the worker's `chat`
  # grant with `params` (a Chat params message) and returns the Chat results
  # message as is. The worker does not interpret either: domain outcomes
  # (sent = false, notJoined, ...) stay in `results`.
  # Errors: badMethod for a method outside Chat's; malformedMessage for
  # params that do not decode or exceed maxRelayBytes; otherwise the Chat
  # call's own transport error (staleSession after logout, disconnected if
  # chat-server is gone).

  shutdown @1 () -> ();
  # Graceful stop: the worker answers, releases its grants and exits 0.
}

# The control interface of the game workers (services/adventure-worker,
# services/paperclips-worker): the same contract as ChatWorker, relaying to
# the one service grant the worker holds (`adventure` or `paperclips`). A
# separate interface id, so a game worker's control facet can never be
# handed where a chat worker's is expected, or the reverse.
interface ServiceWorker @0xe3d423b9ed2d006c {
  const maxRelayBytes :UInt32 = 4096;

  relay @0 (method :UInt16, params :Data) -> (results :Data);
  # Calls method `method` of the worker's service grant with `params` and
  # returns the results message as is. Errors as ChatWorker.relay; a method
  # the worker's service does not have is badMethod.

  shutdown @1 () -> ();
  # Graceful stop: the worker tells its service the session is leaving
  # (Adventure.leave, Paperclips.end), answers, releases its grants and
  # exits 0.
}
