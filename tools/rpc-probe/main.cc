// rpc-probe: a stock Cap'n Proto RPC client (Debian's libcapnp-rpc, a
// two-party client over tools/rpc-link) for the guest's rpc-gateway, so the
// QEMU proofs (qemu-tests/interop/run_rpc.py) talk to it exactly as any
// client would. With --ca it speaks TLS (Debian's libkj-tls).
//
//   rpc-probe [--host H] --port P [--ca FILE] [--timeout S] STEP...
//
// The steps run in order on one connection, one output line (or a few)
// each; steps.cc lists them. A step whose call fails prints
// "<step> failed: <exception>" (the gateway's fixed text after capnp's own
// prefix) and the next step runs. The password of `login password USER`
// comes from $RPC_PROBE_PASSWORD or, without it, the first line of stdin:
// never from argv.
//
// Exit 0 when every step answered, 1 when one failed, 2 for usage.
#include <kj/async-io.h>
#include <kj/debug.h>
#include "tools/rpc-link/rpc_link.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tools/rpc-probe/steps.h"

namespace {

struct Args {
  std::string host = "127.0.0.1";
  unsigned port = 0;
  unsigned timeout_s = 30;
  rpclink::TlsOptions tls;  // --ca
  std::vector<std::string> steps;
};

bool Parse(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    bool has_value = i + 1 < argc;
    if (k == "--host" && has_value) {
      a->host = argv[++i];
    } else if (k == "--port" && has_value) {
      a->port = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (k == "--ca" && has_value) {
      a->tls.enabled = true;
      a->tls.ca_file = argv[++i];
    } else if (k == "--timeout" && has_value) {
      a->timeout_s = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (k.rfind("--", 0) == 0) {
      return false;
    } else {
      a->steps.push_back(k);
    }
  }
  return a->port > 0 && a->port < 65536 && a->timeout_s > 0 && !a->steps.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!Parse(argc, argv, &args) || !rpcprobe::Valid(args.steps)) {
    std::fprintf(stderr,
                 "usage: rpc-probe [--host H] --port P [--ca FILE] [--timeout S] STEP...\n"
                 "  --ca FILE  TLS, trusting the server's chain to this CA (PEM or DER)\n%s",
                 rpcprobe::StepHelp());
    return 2;
  }
  bool all_ok = true;
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 rpclink::RpcLink client(args.host, args.port, args.tls);
                 rpcprobe::Probe probe(client, args.timeout_s);
                 all_ok = probe.Run(args.steps);
               })) {
    std::printf("rpc-probe: %s\n", e->getDescription().cStr());
    return 1;
  }
  return all_ok ? 0 : 1;
}
