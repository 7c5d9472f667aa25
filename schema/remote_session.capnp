# Remote-session DTOs: what a host client and the guest gateway exchange.
#
# Transport-agnostic: services/lib/remote-session/ handles Requests and
# produces Responses; a transport adapter carries them. The first adapter
# (the gateway on guest :2327) uses length-prefixed frames:
#   frame = 4-byte little-endian length N (1 <= N <= maxFrameBytes),
#           then N bytes: one Cap'n Proto message (standard stream framing)
#           whose root is a Request (client -> guest) or a Response.
# A frame longer than maxFrameBytes, or bytes that do not decode as a
# Request, are answered with denied(malformedRequest) and the connection
# is closed.
#
# Invariant: nothing here ever carries raw authority or identity: no cap
# slots, generations, process handles, endpoint owners, session-global ids,
# passwords (except inside a password login request), host user names or
# host paths. A remote client sees names, interface ids, view models and
# typed denials only.
@0xe1d98188d824d796;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

const maxFrameBytes :UInt32 = 65536;
const protocolVersion :UInt32 = 1;

struct Request {
  requestId @0 :UInt32;  # echoed in the Response; chosen by the client
  union {
    authMethods @1 :Void;
    login @2 :Login;
    sessionInfo @3 :Void;
    capSetList @4 :Void;
    capSetGet @5 :CapSetGet;
    call @6 :Call;
    logout @7 :Void;
    exportTranscript @8 :Void;
  }
}

struct Login {
  requestedProfile @0 :Text;  # "" = the account's default profile
  union {
    password @1 :PasswordProof;
    guest @2 :Void;
    anonymous @3 :Void;
    publicKey @4 :Data;   # disabled: answered with disabledAuthMethod
    oidc @5 :Text;        # disabled
    passkey @6 :Data;     # disabled
  }
}

struct PasswordProof {
  principal @0 :Text;
  password @1 :Text;  # never logged, never echoed, dropped after the check
}

struct CapSetGet {
  name @0 :Text;
  interfaceId @1 :UInt64;  # must match the entry's interface
}

# A call on a CapSet entry, named by name + interface id. Each method is a
# typed variant; calling one the entry's policy does not allow is
# methodDenied, naming an entry that does not exist unknownCap, and a name
# whose interface differs wrongInterface.
struct Call {
  capName @0 :Text;
  interfaceId @1 :UInt64;
  union {
    sessionInfo @2 :Void;      # "session": the session summary
    systemMotd @3 :Void;       # "system_info"
    systemBuildInfo @4 :Void;  # "system_info"
    chatJoin @5 :Void;         # "chat" (through the per-session chat worker)
    chatLeave @6 :Void;
    chatSend @7 :Text;
    chatWho @8 :Void;
    chatPoll @9 :UInt64;       # messages after this sequence number
  }
}

struct Response {
  requestId @0 :UInt32;
  union {
    denied @1 :RemoteDenial;
    authMethods @2 :List(AuthMethodInfo);
    loggedIn @3 :SessionView;
    sessionInfo @4 :SessionView;
    capSet @5 :List(CapSetEntry);
    capSetEntry @6 :CapSetEntry;
    callResult @7 :CallResult;
    loggedOut @8 :Void;
    transcript @9 :List(TranscriptEvent);
  }
}

struct RemoteDenial {
  code @0 :ErrorCode;
  message @1 :Text;  # fixed human text for the code; never a reason that
                     # would tell a password guesser what was wrong
}

enum ErrorCode {
  authDenied @0;          # any failed login, whatever the precise reason
  disabledAuthMethod @1;  # login through a method listed as disabled
  unknownCap @2;          # no CapSet entry with that name
  wrongInterface @3;      # the entry exists with another interface id
  methodDenied @4;        # the entry's policy does not allow that method
  staleSession @5;        # logged out (or torn down): fail closed
  boundExceeded @6;       # a bound is exhausted (calls, logins, connections, ...)
  malformedRequest @7;    # oversized frame, undecodable DTO, missing fields
  notAuthenticated @8;    # a session request before a successful login
  unavailable @9;         # a backend (worker, service) failed; retry later
  loginTimeout @10;       # no successful login within the pre-auth grace period
                          # (or too many failed logins on one connection): closed
}

struct AuthMethodInfo {
  name @0 :Text;     # "password", "guest", "anonymous", "publicKey", "oidc", "passkey"
  enabled @1 :Bool;
  reason @2 :Text;   # why it is disabled ("" when enabled)
}

struct SessionView {
  principal @0 :Text;       # account name, or "guest" / "anonymous"
  principalClass @1 :Text;  # "operator", "user", "guest", "anonymous"
  profile @2 :Text;
  authMethod @3 :Text;
  sessionTag @4 :Text;      # short per-connection label, not a session id
  live @5 :Bool;
}

struct CapSetEntry {
  name @0 :Text;
  interfaceId @1 :UInt64;
  interfaceName @2 :Text;
  policy @3 :Text;          # e.g. "read", "read-write"
  methods @4 :List(Text);   # the Call variants this entry allows
  lease @5 :Lease;
}

struct Lease {
  sessionBound @0 :Bool;    # revoked when the session ends
  expiresInMs @1 :UInt64;   # 0 = with the session
}

struct CallResult {
  union {
    session @0 :SessionView;
    text @1 :Text;                 # motd / build info
    chatJoined @2 :ChatJoined;
    chatLeft @3 :Void;
    chatSent @4 :ChatSent;
    chatMembers @5 :List(Text);
    chatMessages @6 :ChatMessages;
  }
}

struct ChatJoined {
  you @0 :Text;
  alreadyMember @1 :Bool;
}

struct ChatSent {
  sent @0 :Bool;       # false is a domain result (e.g. not joined), not an error
  reason @1 :Text;     # why not sent ("" when sent)
  seq @2 :UInt64;
}

struct ChatMessages {
  messages @0 :List(ChatMessage);
  truncated @1 :Bool;
  latestSeq @2 :UInt64;
}

struct ChatMessage {
  seq @0 :UInt64;
  from @1 :Text;
  text @2 :Text;
}

struct TranscriptEvent {
  seq @0 :UInt32;
  atMs @1 :UInt64;        # since the connection started
  kind @2 :Text;          # "connect", "authMethods", "login", "sessionInfo", "capSetList", ...
  detail @3 :Text;        # redacted
  outcome @4 :Text;       # "ok" or the error code name
}
