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
    serviceCatalog @9 :Void;          # the service profiles this session may see
    serviceLaunch @10 :ServiceLaunch;
    serviceStatus @11 :Text;          # a profile name
    serviceStop @12 :Text;            # a profile name
    sessionResume @13 :Data;          # a SessionView.resumeTicket
    authChallenge @14 :Void;          # pre-auth: a challenge for publicKeyProof
  }
}

# Public-key login (issue 13). authChallenge answers `challenge` with a
# fresh random nonce that this connection keeps for exactly one login
# attempt: the next login, whatever its method or outcome, uses it up. The
# client signs, with ECDSA P-256 over SHA-256 (a DER signature), the
# domain-separated message
#
#   "capOS remote-session publicKey login v1" 0x00
#   len(principal) (one byte) principal
#   nonce (32 bytes)
#   TLS exporter (RFC 5705 / RFC 8446 7.5; label AuthChallenge.exporterLabel,
#                 no context, 32 bytes) of this connection
#
# and sends it as Login.publicKeyProof. The exporter binds the signature to
# this TLS connection: a proof read off another connection, or replayed
# after its nonce was used, never verifies. A connection without TLS has no
# exporter: publicKey is listed disabled there and authChallenge is
# disabledAuthMethod. Every failed proof (unknown principal, a key the
# account does not authorize, a bad signature, no live challenge, an
# inactive account) is authDenied and counts as a failed login.

# sessionResume joins this connection to the live session the ticket names
# (pre-auth only). Another connection may still be attached to it (a
# second window: `terminal --follow`), or none: a session that holds live
# terminals outlives its last connection for the terminal grace period
# instead of being logged out, so a client that was killed or lost its
# network can come back (`terminal --resume`). Answered loggedIn with the
# session's view and a fresh ticket (the old one stays valid until the
# session ends). An unknown, ended or malformed ticket is authDenied and
# counts as a failed login. Logout on any connection ends the session for
# all of them; their later requests are staleSession.

# Starts a catalog profile for this session through the restricted
# launcher. The client names the profile and, explicitly, the client-facet
# grants it hands the service (ServiceProfile.grants with holder
# clientFacet): each by the grant name and the interface id it expects.
# Backend-held and service-owned grants are supplied by the guest.
struct ServiceLaunch {
  profile @0 :Text;
  binary @1 :Text;                 # "" = the profile's worker binary
  grants @2 :List(GrantChoice);
}

struct GrantChoice {
  name @0 :Text;
  interfaceId @1 :UInt64;
}

struct Login {
  requestedProfile @0 :Text;  # "" = the account's default profile
  union {
    password @1 :PasswordProof;
    guest @2 :Void;
    anonymous @3 :Void;
    publicKey @4 :Data;   # retired (an unbound key blob): authDenied
    oidc @5 :Text;        # disabled
    passkey @6 :Data;     # disabled
    publicKeyProof @7 :PublicKeyProof;  # after authChallenge, over TLS
  }
}

struct PublicKeyProof {
  principal @0 :Text;
  publicKey @1 :Data;   # the signing key: an uncompressed P-256 point (65 bytes)
  signature @2 :Data;   # DER ECDSA signature (at most 72 bytes) of the message above
}

struct AuthChallenge {
  nonce @0 :Data;          # 32 random bytes, for one login on this connection
  exporterLabel @1 :Text;  # the TLS exporter label the signature binds
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
    adventure @10 :Command;    # "adventure" (a launched Adventure)
    paperclips @11 :Command;   # "paperclips" (a launched Paperclips game)
    # "terminal" (TerminalManager, schema/terminal.capnp): the session's
    # terminals. Each answers callResult.terminal, or a denial for what the
    # core decides (unknownCap, methodDenied, malformedRequest, ...).
    terminalOpen @12 :TerminalSize;
    terminalAttach @13 :TerminalAttach;
    terminalList @14 :Void;
    terminalWrite @15 :TerminalWrite;
    terminalResize @16 :TerminalResize;
    terminalRead @17 :TerminalRead;
    terminalInfo @18 :TerminalRef;
    terminalDetach @19 :TerminalRef;
    terminalClose @20 :TerminalRef;
  }
}

# ---- Terminals over the DTO relay (schema/terminal.capnp has the rules).
# An attachment is named by a TerminalRef: numbers local to the session
# (another session's are unknownTerminal, like ones that never existed).
# Enum values travel as their schema names in Text, as the games' outcomes
# do: status is a TerminalStatus name ("ok", "followerInput", ...), mode a
# TerminalMode name, state a TerminalState name.

struct TerminalRef {
  terminalId @0 :UInt32;
  attachment @1 :UInt32;  # from the open/attach answer; generation-checked
}

struct TerminalSize {
  cols @0 :UInt16;
  rows @1 :UInt16;
}

struct TerminalAttach {
  terminalId @0 :UInt32;
  mode @1 :Text;          # "owner" or "follower"
  resumeSeq @2 :UInt64;   # first seq the client has not received
  replaceOwner @3 :Bool;
}

struct TerminalWrite {
  ref @0 :TerminalRef;
  bytes @1 :Data;         # at most TerminalSession.maxWriteBytes
}

struct TerminalResize {
  ref @0 :TerminalRef;
  cols @1 :UInt16;
  rows @2 :UInt16;
}

struct TerminalRead {
  ref @0 :TerminalRef;
  fromSeq @1 :UInt64;     # acknowledges every byte before it
  maxBytes @2 :UInt32;    # 0 = TerminalSession.maxReadBytes
  waitMs @3 :UInt32;      # with no output yet, answer when some arrives or
                          # after this long (at most 25000; 0 = at once)
}

# Every terminal call's answer; which fields mean something depends on the
# call (the rest are zero/empty).
struct TerminalReply {
  status @0 :Text;        # TerminalStatus name; "ok" or why not
  limit @1 :UInt32;       # the bound a denial hit, else 0
  ref @2 :TerminalRef;    # open/attach: the new attachment
  mode @3 :Text;          # open/attach/info: the attachment's mode
  info @4 :TerminalView;  # open/attach/info/resize: the terminal
  terminals @5 :List(TerminalView);  # list: every live one, in id order
  bytes @6 :Data;         # read: output (starting with the skip marker
                          # when skipped > 0)
  nextSeq @7 :UInt64;     # read: pass it as the next fromSeq
  skipped @8 :UInt64;     # read: bytes lost before this answer's bytes
  more @9 :Bool;          # read: more output is already waiting
  cursorSeq @10 :UInt64;  # info: first seq this attachment has not acked
}

struct TerminalView {
  id @0 :UInt32;
  name @1 :Text;          # "term-<id>"
  cols @2 :UInt16;
  rows @3 :UInt16;
  state @4 :Text;         # "running", "detached", "exited"
  ownerAttached @5 :Bool;
  followers @6 :UInt32;
  oldestSeq @7 :UInt64;
  nextSeq @8 :UInt64;
  paused @9 :Bool;
  graceMs @10 :UInt32;
}

# A verb on a launched service, checked in the guest against the entry's
# MethodDescriptor: `verb` is a method name, `args` its parameters in
# order, as text (an enum parameter by value name, a number in decimal).
# An unknown verb is methodDenied; a wrong count, a bad number, an unknown
# enum value or a text over its bound is malformedRequest.
struct Command {
  verb @0 :Text;
  args @1 :List(Text);
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
    serviceCatalog @10 :List(ServiceEntry);
    serviceState @11 :ServiceStatus;   # serviceLaunch / serviceStatus / serviceStop
    challenge @12 :AuthChallenge;      # authChallenge
  }
}

struct RemoteDenial {
  code @0 :ErrorCode;
  message @1 :Text;  # fixed human text for the code; never a reason that
                     # would tell a password guesser what was wrong
  launch @2 :LaunchDenial;  # code launchDenied only: which rule refused it
}

# Why a service launch was refused. Every one is decided before any
# process starts.
enum LaunchDenial {
  none @0;
  unknownProfile @1;      # not in the catalog
  disallowedBinary @2;    # not one of the profile's binaries
  missingGrant @3;        # a client-facet grant was not named
  wrongInterface @4;      # a grant named with another interface id
  unexpectedGrant @5;     # a grant the profile does not take (or twice)
  staleSession @6;        # the session is logged out
  notPermitted @7;        # the caller's class holds no service runner (guest, anonymous)
  sessionQuota @8;        # this session already runs its limit of the profile
  systemQuota @9;         # the system runs its limit of the profile
  spawnFailed @10;        # allowed, but the kernel refused (memory, ...)
  notRunning @11;         # serviceStop of a profile this session does not run
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
  launchDenied @11;       # a service launch refused; RemoteDenial.launch says why
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
  resumeTicket @6 :Data;    # loggedIn only, from front ends that resume
                            # sessions (the gateway): 16 random bytes, a
                            # bearer secret for sessionResume; keep it like
                            # a password. Empty otherwise.
}

struct CapSetEntry {
  name @0 :Text;
  interfaceId @1 :UInt64;
  interfaceName @2 :Text;
  policy @3 :Text;          # e.g. "read", "read-write"
  methods @4 :List(Text);   # the Call variants this entry allows
  lease @5 :Lease;
  descriptors @6 :List(MethodDescriptor);  # one per allowed method, same order
}

# What a client needs to call a method without knowing it in advance: the
# CLI's help and the web UI's forms are generated from these.
struct MethodDescriptor {
  name @0 :Text;         # the Call variant, or the Command verb
  summary @1 :Text;      # one line
  params @2 :List(ParamDescriptor);
}

struct ParamDescriptor {
  name @0 :Text;
  type @1 :ParamType;
  min @2 :UInt64;        # text: bytes; number: value
  max @3 :UInt64;
  values @4 :List(Text); # enum only
}

enum ParamType {
  text @0;
  uint @1;
  enum @2;
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
    adventure @7 :AdventureView;
    paperclips @8 :PaperclipsView;
    terminal @9 :TerminalReply;
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

# ---- The service catalog (serviceCatalog) and launch states. ----

struct ServiceEntry {
  name @0 :Text;
  description @1 :Text;
  binaries @2 :List(Text);        # the per-session worker's binary first
  companions @3 :List(Companion);
  grants @4 :List(GrantDescriptor);
  exports @5 :List(ExportDescriptor);
  policy @6 :LaunchPolicy;
  state @7 :ServiceState;         # for this session
  available @8 :Bool;
  unavailable @9 :LaunchDenial;   # why not (none when available)
  reason @10 :Text;               # fixed text for `unavailable`
}

struct Companion {
  binary @0 :Text;
  count @1 :UInt32;
  shared @2 :Bool;   # one set for every session; stops with the last one
}

struct GrantDescriptor {
  name @0 :Text;
  interfaceName @1 :Text;
  interfaceId @2 :UInt64;
  transfer @3 :Text;      # "copy" or "move"
  holder @4 :GrantHolder;
}

enum GrantHolder {
  backendHeld @0;   # supplied by the guest front end (e.g. the console)
  serviceOwned @1;  # created per launch and owned by the service
  clientFacet @2;   # the client names it in serviceLaunch.grants
}

struct ExportDescriptor {
  capName @0 :Text;        # the CapSet entry it becomes, session-bound
  interfaceName @1 :Text;
  interfaceId @2 :UInt64;
}

struct LaunchPolicy {
  start @0 :Text;          # "on request"
  attach @1 :Text;         # "per session"
  stop @2 :Text;           # "with the session" / "detach (shared)"
  perSessionLimit @3 :UInt32;
  systemLimit @4 :UInt32;
}

enum ServiceState {
  notRunning @0;
  starting @1;
  running @2;
  stopping @3;
}

struct ServiceStatus {
  profile @0 :Text;
  state @1 :ServiceState;
  exports @2 :List(ExportDescriptor);  # in the CapSet while running
  processes @3 :UInt32;                # this session's processes of the profile
}

# ---- Game view models (copied from the services' own results). ----

struct AdventureView {
  outcome @0 :Text;          # Adventure.Outcome name: "ok", "noExit", ...
  message @1 :Text;
  you @2 :Text;
  room @3 :Text;
  description @4 :Text;
  exits @5 :List(Text);
  items @6 :List(Text);
  others @7 :List(Text);
  inventory @8 :List(Text);
  score @9 :UInt32;
  maxScore @10 :UInt32;
  moves @11 :UInt32;
  won @12 :Bool;
  heard @13 :List(ChatMessage);  # seq 0; from + text
  players @14 :List(Text);       # `who`: "name (room)"
}

struct PaperclipsView {
  outcome @0 :Text;          # Paperclips.Outcome name
  message @1 :Text;
  clips @2 :UInt64;
  unsold @3 :UInt64;
  wire @4 :UInt64;
  fundsCents @5 :UInt64;
  priceCents @6 :UInt32;
  demandPercent @7 :UInt32;
  autoclippers @8 :UInt32;
  autoclipperCostCents @9 :UInt64;
  wireCostCents @10 :UInt64;
  ticks @11 :UInt64;
  commands @12 :List(CommandState);
  projects @13 :List(ProjectView);
}

struct CommandState {
  name @0 :Text;
  enabled @1 :Bool;
  reason @2 :Text;
}

struct ProjectView {
  id @0 :Text;
  title @1 :Text;
  effect @2 :Text;
  costCents @3 :UInt64;
  available @4 :Bool;
  done @5 :Bool;
}
