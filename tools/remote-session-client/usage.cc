// The --help text: commands, options and exit codes (kept apart from the
// grammar in args.cc, which it documents).
#include "tools/remote-session-client/args.h"

namespace rsclient {

const char* usage_text() {
  return R"(usage: remote-session-client [OPTIONS] COMMAND [ARGS]
       remote-session-client [OPTIONS] session (--do STEP)... | --script FILE

Talks to the capOS remote-session gateway (guest :2327, forwarded by
`make run`; its banner prints the host port). One invocation is one
connection; commands that need a session log in first.

Options:
  --host HOST        gateway host (default 127.0.0.1)
  --port PORT        gateway port (default $CAPOS_REMOTE_SESSION_PORT or 2327;
                     with --transport rpc, $CAPOS_REMOTE_RPC_PORT or 2328)
  --transport dto|rpc
                     dto (default): the gateway's frames; rpc: standard
                     Cap'n Proto RPC to rpc-gateway, which serves
                     login, session-info, capset, logout, transcript
                     and calls on session, system_info and chat so far
  --tls              TLS to the gateway's port (a manifest that grants it a
                     key: `make run` prints the certificate's sha256)
  --pin SHA256       trust the server whose certificate has this SHA-256
                     (implies --tls; default $CAPOS_REMOTE_SESSION_PIN)
  --ca FILE          trust servers whose chain verifies against the CA
                     certificate in FILE (PEM or DER; implies --tls); the
                     server name is checked too
  --cert FILE        present this client certificate (PEM or DER; implies
                     --tls) with --identity's key, for a port that requires
                     one (mTLS); its subject may log in as publicKey
  --server-name NAME the name expected in the certificate (default: the
                     host, or localhost for a loopback address)
  --user NAME        principal (default $CAPOS_REMOTE_SESSION_USER, then $USER,
                     then the login name: the default boot's operator)
  --password-file FILE
                     the password is FILE's first line (without its newline);
                     FILE must be a regular file that group and others
                     cannot access (chmod 600), else it is refused (exit 6).
                     `make run` prints the one for the default boot.
  --identity FILE    log in with this key (public-key login, over TLS only;
                     the implicit login becomes `login --public-key`). FILE
                     must not be readable by others. `keygen` makes one.
  --guest | --anonymous | --profile P   how the implicit login is made
  --json             one JSON object per step on stdout
  --transcript FILE  write the gateway's redacted transcript and this
                     client's redacted log to FILE at the end
  --timeout SECONDS  wait at most this long for each response (default 30)
  -h, --help         this text

Password: from --password-file, else $CAPOS_REMOTE_SESSION_PASSWORD, else
prompted on the terminal with echo off. It is never accepted on the
command line.

Commands (also the steps of `session`):
  auth-methods
  login [--password | --guest | --anonymous | --public-key | --oidc |
         --passkey] [--profile P] [--user NAME]
       --public-key signs the gateway's challenge, bound to this TLS
       connection, with --identity FILE (default ~/.config/capos/identity).
       --save-proof FILE / --send-proof FILE write the signed proof, or send
       a saved one instead of signing: a proof is good for one login on one
       connection, and these show the gateway refusing it anywhere else.
  session-info
  capset list
  capset get NAME [--interface ID]     (ID: from the list when omitted)
  call NAME METHOD [ARG] [--interface ID]
       METHOD: info | motd | build-info | join | leave | send TEXT | who |
               poll [SINCE]
  call adventure VERB [ARGS...]        a launched game's verb, e.g.
  call paperclips VERB [ARGS...]       `call adventure go north`; the guest
                                       checks the verb and its arguments
  help [CAPNAME]                       an entry's methods and parameters, from
  call CAPNAME --help                  its descriptors (every entry's if none)
  services                             the service catalog of this session
  launch PROFILE [--binary B] [--grant NAME:INTERFACE_ID]... [--no-grants]
                                       start a service; without --grant it
                                       names the profile's clientFacet grants
                                       as the catalog lists them
  status PROFILE | stop PROFILE        a service's state / stop it
  terminal [list | attach ID] [--follow | --resume] ...
                                       an interactive terminal on the guest
                                       (not a session step; terminal --help)
  logout
  transcript                           print the gateway's transcript
  keygen [--out FILE] [--comment TEXT] a new login key (not a session step;
                                       keygen --help)
  sleep SECONDS                        pause (session steps only)
  burst N STEP                         send STEP N times before reading
                                       the answers (bound checks)
Script files hold one step per line; '#' starts a comment line.

Exit status:
  0  every step succeeded
  1  the gateway answered at least one step with a typed denial
  2  usage error (bad option, password on the command line, no password)
  3  cannot connect, or the gateway closed the connection
  4  protocol error (bad frame, undecodable or unexpected response)
  5  timed out waiting for a response
  6  cannot write the transcript file, or read the script file or the
     password file (missing, empty, or accessible by others)
)";
}

}  // namespace rsclient
