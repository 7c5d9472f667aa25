// --transport rpc: the steps run over standard Cap'n Proto RPC against the
// guest's rpc-gateway (schema/remote_rpc.capnp), with Debian's libcapnp-rpc
// (capnp::EzRpcClient). Each answer is put back into the DTO Response it
// stands for, so the output (human and --json) is the same whichever
// transport carried it. Steps rpc_can_carry() refuses never get here.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_RPC_TRANSPORT_H_
#define TOOLS_REMOTE_SESSION_CLIENT_RPC_TRANSPORT_H_

#include <functional>

#include "tools/remote-session-client/args.h"
#include "tools/remote-session-client/client.h"

namespace rsclient {

// Runs `o.steps` on one RPC connection (hooks: the password, sleep, and
// emit for each step's outcome); the run's exit code.
int run_rpc(const Options& o, const ClientHooks& hooks);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_RPC_TRANSPORT_H_
