# Interfaces served by `services/authority` over endpoints, and the policy
# data it is configured with.
#
# Caps follow the kernel convention (schema/kernel.capnp): they never travel
# inside a message; a CALL or RETURN lists them beside it and a field
# `...Cap :UInt16` names one by its index in that list. The comment on each
# such field says which interface the cap serves.
#
# Redaction: every login denial the caller can see is `authDenied` (or
# `backoff`, see Denial.Code). The precise reason goes only to the authority's
# audit log. No session cell, UserSession or bundle exists after a denial.
#
# Ordinals are stable: never renumber, only append.
@0xf1c05c0f701b64db;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

enum PrincipalClass {
  # Numbering is the UInt8 the kernel stores in a session cell
  # (SessionAuthority.mint principalClass / profileClass).
  anonymous @0;
  guest @1;
  user @2;
  operator @3;
  service @4;
}

enum AuthMethod {
  password @0;
  guest @1;
  anonymous @2;
  publicKey @3;  # secret: a DER ECDSA signature; see SourceInfo.challenge
}

struct SourceInfo {
  # Supplied by the gateway from the connection, never from client fields.
  sourceId @0 :UInt64;         # opaque per-source id (backoff key); not an address
  connectionEvent @1 :UInt64;  # the gateway's connection event id, for the audit log
  challenge @2 :Data;
  # publicKey only: the connection's nonce (32 bytes) then its TLS exporter
  # (32 bytes), which the signature must cover (remote_session.capnp has
  # the message); empty when the connection has no live challenge.
  clientCertificate @3 :Data;
  # publicKey only: the leaf certificate (DER, at most 4 KiB) the client
  # presented in this connection's TLS handshake, as the front end received
  # it; empty without one. The authority checks it again itself against
  # AuthorityPolicy.clientCertificates before its subject may log in.
}

struct SessionSummary {
  # What a session may see about itself. No session-global id, no slots.
  principal @0 :Text;
  principalClass @1 :PrincipalClass;
  profile @2 :Text;
  authMethod @3 :AuthMethod;
  loggedInNs @4 :UInt64;       # authority clock at login
  live @5 :Bool;               # false after logout
}

struct Denial {
  code @0 :Code;
  enum Code {
    authDenied @0;   # every failed proof, unknown principal, inactive
                     # account, wrong/missing/retired/mismatched profile
    backoff @1;      # too many recent failures for this principal or source;
                     # retryAfterNs says when a retry can be judged again
    boundExceeded @2;  # no room for another session (authority's table)
  }
  retryAfterNs @1 :UInt64;  # only with backoff; 0 otherwise
}

interface SessionManager @0x9f4533c6e3f86a7f {
  # Held by the gateway and web-ui (pre-auth front ends) only.
  login @0 (method :AuthMethod, principal :Text, secret :Data,
            requestedProfile :Text, source :SourceInfo,
            publicKey :Data) -> (result :LoginResult);
  # principal: ignored for guest and anonymous. secret: the password for
  # `password`, the DER signature for `publicKey`, empty otherwise; the
  # authority never logs or echoes it.
  # requestedProfile: empty means the account's (or adapter's) default.
  # publicKey: for `publicKey`, the signing key (an uncompressed P-256
  # point), which must be one of the account's authorizedKeys.
  # On success the RETURN carries two caps: a UserSession (sessionCap) and
  # the kernel SessionCell with the bind right (cellCap), which the gateway
  # uses to spawn session-bound workers.
  # Errors: malformedMessage for an undecodable request; every policy
  # outcome is a LoginResult, never a transport error.

  admission @1 () -> (preAuthGraceSeconds :UInt32, maxAuthTries :UInt32,
                      webIdleSeconds :UInt32, webAbsoluteSeconds :UInt32,
                      terminalGraceSeconds :UInt32);
  # The manifest's pre-auth admission policy for front ends (AuthorityPolicy
  # has the meanings); asked once at start-up.

  clientCertificates @2 (port :UInt16) -> (required :Bool, cas :List(Data),
                                            deniedSerials :List(Data));
  # The client-certificate policy for a TLS front end listening on `port`
  # (AuthorityPolicy.clientCertificates): whether its handshake requires a
  # certificate, the CAs (DER) one must chain to, and the revoked serials
  # (big-endian, leading zeros dropped). Asked once at start-up.

  struct LoginResult {
    union {
      ok :group {
        summary @0 :SessionSummary;
        sessionCap @1 :UInt16;  # UserSession
        cellCap @2 :UInt16;     # kernel SessionCell (bind right)
      }
      denied @3 :Denial;
    }
  }
}

interface UserSession @0xc9fe012bb3e338b0 {
  # One logged-in session; held by the front end that logged it in.
  info @0 () -> (summary :SessionSummary);
  # Errors: staleSession after logout.
  logout @1 () -> ();
  # Logs the kernel cell out (workers bound to it fail staleSession from then
  # on). Idempotent: a second logout is a no-op.
  auditContext @2 () -> (principal :Text, sourceId :UInt64, connectionEvent :UInt64,
                         loginEvent :UInt64, loggedOut :Bool);
  # For the front end's audit lines; stays available after logout.
}

enum CapKind {
  session @0;       # UserSession facet
  systemInfo @1;    # SystemInfo
  chat @2;          # Chat client facet
  launcher @3;      # the service runner (catalog, launch, status, stop);
                    # never granted to guest/anonymous
  adventure @4;     # a launched Adventure's export (added by the front end
                    # after a launch, never by a profile)
  paperclips @5;    # a launched Paperclips game's export (likewise)
  terminal @6;      # TerminalManager: the session's terminals, each a shell
                    # bound to the session (schema/terminal.capnp). read:
                    # list, follow, read; write: open, own, type, resize,
                    # close
}

struct BundleEntry {
  name @0 :Text;        # CapSet name shown to the remote client
  kind @1 :CapKind;
  interfaceId @2 :UInt64;
  rights @3 :UInt32;    # facet bits, see Rights
}

struct Rights {
  # Bit values for BundleEntry.rights.
  const read :UInt32 = 1;    # info / motd / chat who+poll
  const write :UInt32 = 2;   # chat join/leave/send
  const control :UInt32 = 4; # logout, launcher spawn
}

interface AuthorityBroker @0xd6b5bf1348e9c947 {
  # Held by the gateway and web-ui. Policy only: it says which named, narrowed
  # caps a profile's remote client gets; the front end builds the CapSet view.
  remoteClientBundle @0 (profile :Text) -> (entries :List(BundleEntry));
  # Errors: notFound for an unknown or retired profile (empty list never
  # means "everything"). A launcher entry is never returned for a guest or
  # anonymous profile, whatever the manifest says.

  serviceCatalog @1 () -> (services :List(ServiceProfile));
  # Every service profile of the manifest (AuthorityPolicy.services). Which
  # of them a session may launch is the front end's check against
  # ServiceProfile.classes and the session's launcher entry.
}

# One launchable service (CUE authorityPolicy.services): what the catalog
# shows and what the front end starts through the restricted launcher.
struct ServiceProfile {
  name @0 :Text;                   # [a-z][a-z0-9-]*, the catalog name
  description @1 :Text;
  workerBinary @2 :Text;           # the per-session process, bound to the session
  workerProfile @3 :Text;          # its launcher profile
  companions @4 :List(Companion);
  grants @5 :List(Grant);          # the worker's grants, as the catalog shows them
  exports @6 :List(Export);        # CapSet entries a running instance adds
  perSessionLimit @7 :UInt32 = 1;
  systemLimit @8 :UInt32 = 8;      # running instances across all sessions
  classes @9 :List(PrincipalClass);  # who may launch it (never guest/anonymous)

  struct Companion {
    binary @0 :Text;
    launcherProfile @1 :Text;
    count @2 :UInt32;
    shared @3 :Bool;   # one set for all sessions, stopped with the last one
    grants @4 :List(Text);
    # Its grants, by name: all backend-held (the front end supplies each
    # from its own grants of that name), never a client facet.
  }

  struct Grant {
    name @0 :Text;
    interface @1 :Text;   # interface name in schema/*.capnp
    holder @2 :Holder;
    move @3 :Bool;        # transferred by move (else copy)
  }

  enum Holder {
    backendHeld @0;
    serviceOwned @1;
    clientFacet @2;
  }

  struct Export {
    capName @0 :Text;
    kind @1 :CapKind;
    rights @2 :UInt32;
  }
}

interface SystemInfo @0xb54c5463580758b0 {
  # Read-only; granted to every profile's bundle.
  motd @0 () -> (text :Text);
  buildInfo @1 () -> (text :Text);
}

# Policy data (from manifests/defaults/accounts.cue, hashed at build time by
# tools/passwd-hash). No cleartext secret ever appears here.
struct AuthorityPolicy @0xdf63efd341c0d4ee {
  accounts @0 :List(Account);
  profiles @1 :List(Profile);
  motd @2 :Text;
  buildInfo @3 :Text;
  passwordIterations @4 :UInt32;
  # PBKDF2 cost of every passwordRecord (the authority refuses a policy with
  # a record at another cost) and of the dummy record an unknown principal's
  # login is checked against, so a denial takes the same time either way.
  # From the manifest's authorityPolicy.passwordIterations; 1000..1000000.
  preAuthGraceSeconds @5 :UInt32 = 30;
  # OpenSSH's LoginGraceTime: a front-end connection without a live login
  # this long after it connected (or after its last logout) is closed with
  # loginTimeout. 5..600.
  maxAuthTries @6 :UInt32 = 3;
  # OpenSSH's MaxAuthTries: the failed login that reaches this count closes
  # its connection. 1..10.
  services @7 :List(ServiceProfile);
  # The service catalog (AuthorityBroker.serviceCatalog). At most 8.
  webIdleSeconds @8 :UInt32 = 900;
  # The web UI's logged-in browser session ends this long after its last
  # request (OWASP's idle timeout). 10..86400.
  webAbsoluteSeconds @9 :UInt32 = 28800;
  # ... and this long after its login, whatever it does. 30..604800, and
  # not below webIdleSeconds.
  terminalGraceSeconds @10 :UInt32 = 300;
  # A terminal without its owner attached ends this long after the owner
  # left (schema/terminal.capnp), and a session that holds live terminals
  # outlives its last connection by as long. 5..3600.
  clientCertificates @11 :ClientCertificates;
  # mTLS admission and certificate login (services/lib/client-cert).

  struct ClientCertificates {
    cas @0 :List(Data);
    # Trust anchors (DER, CA:TRUE), at most 4: the image build's client CA
    # (the manifest's `// client-ca:` line, cmake/image.cmake). A leaf that
    # chains to one may log in as publicKey for the account its subject CN
    # names, with the leaf's own key, on any TLS port that received it.
    requiredPorts @1 :List(UInt16);
    # TLS ports whose handshake fails without such a leaf, before any
    # pre-auth parsing beyond the handshake. At most 8.
    deniedSerials @2 :List(Data);
    # Revoked serial numbers (big-endian), at most 64: refused in the
    # handshake (certificate_revoked) and at login.
  }

  struct Account {
    principal @0 :Text;
    class @1 :PrincipalClass;
    state @2 :State;
    passwordRecord @3 :Text;   # pbkdf2-sha256$<iter>$<salt-hex>$<hash-hex>, or empty
    profiles @4 :List(Text);   # allowed; the first is the default
    authorizedKeys @5 :List(Data);  # publicKey login: uncompressed P-256 points
    enum State {
      active @0;
      disabled @1;
      locked @2;
      recoveryOnly @3;
    }
  }

  struct Profile {
    name @0 :Text;
    class @1 :PrincipalClass;  # the class of principal it suits
    retired @2 :Bool;
    launcher @3 :Bool;         # ignored (false) for guest/anonymous classes
    caps @4 :List(BundleEntry);
  }
}
