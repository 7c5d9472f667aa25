// rpc-probe: a stock Cap'n Proto RPC client (Debian's libcapnp-rpc,
// capnp::EzRpcClient) for the guest's rpc-gateway, so the QEMU proofs
// (qemu-tests/interop/run_rpc.py) talk to it exactly as any client would.
//
//   rpc-probe [--host H] --port P [--timeout S] COMMAND
//     auth-methods   bootstrap the Gateway, call authMethods, print one line
//                    per method: "<name> enabled" or "<name> disabled: <reason>"
//     hold           auth-methods, then "ready", then wait for a line on
//                    stdin, then auth-methods again on the same connection
//     login-guest    call login(guest): print "denied <code>", "session", or
//                    the exception
//
// Exit 0 when every call answered; 1 with "rpc-probe: <exception>" when one
// failed (the gateway's fixed text after capnp's own prefix); 2 for usage.
#include <capnp/ez-rpc.h>
#include <kj/async-io.h>
#include <kj/debug.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "schema/remote_rpc.capnp.h"

namespace {

struct Args {
  std::string host = "127.0.0.1";
  unsigned port = 0;
  unsigned timeout_s = 30;
  std::string command;
};

bool Parse(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    bool has_value = i + 1 < argc;
    if (k == "--host" && has_value) {
      a->host = argv[++i];
    } else if (k == "--port" && has_value) {
      a->port = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (k == "--timeout" && has_value) {
      a->timeout_s = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (a->command.empty() && k.rfind("--", 0) != 0) {
      a->command = k;
    } else {
      return false;
    }
  }
  return a->port > 0 && a->port < 65536 && a->timeout_s > 0 &&
         (a->command == "auth-methods" || a->command == "hold" || a->command == "login-guest");
}

// Waits for `p`, failing it after the timeout (a gateway that never answers
// must not hang the proof).
template <typename T>
T Wait(kj::Promise<T>&& p, capnp::EzRpcClient& client, unsigned timeout_s) {
  auto& io = client.getIoProvider();
  auto late = io.getTimer().afterDelay(timeout_s * kj::SECONDS).then([]() -> T {
    KJ_FAIL_REQUIRE("no answer within the timeout");
  });
  return p.exclusiveJoin(kj::mv(late)).wait(client.getWaitScope());
}

void PrintMethods(capos::rpc::Gateway::Client& gateway, capnp::EzRpcClient& client,
                  unsigned timeout_s) {
  auto answer = Wait(gateway.authMethodsRequest().send(), client, timeout_s);
  for (auto m : answer.getMethods()) {
    if (m.getEnabled()) {
      std::printf("%s enabled\n", m.getName().cStr());
    } else {
      std::printf("%s disabled: %s\n", m.getName().cStr(), m.getReason().cStr());
    }
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!Parse(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: rpc-probe [--host H] --port P [--timeout S] "
                 "auth-methods|hold|login-guest\n");
    return 2;
  }
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 capnp::EzRpcClient client(args.host, args.port);
                 auto gateway = client.getMain<capos::rpc::Gateway>();
                 if (args.command == "login-guest") {
                   auto req = gateway.loginRequest();
                   req.initLogin().setGuest();
                   auto r = Wait(req.send(), client, args.timeout_s).getResult();
                   if (r.isDenied()) {
                     std::printf("denied %u\n", unsigned(r.getDenied().getCode()));
                   } else {
                     std::printf("session\n");
                   }
                   return;
                 }
                 PrintMethods(gateway, client, args.timeout_s);
                 if (args.command == "hold") {
                   std::printf("ready\n");
                   std::fflush(stdout);
                   std::string line;
                   std::getline(std::cin, line);
                   PrintMethods(gateway, client, args.timeout_s);
                 }
               })) {
    std::printf("rpc-probe: %s\n", e->getDescription().cStr());
    return 1;
  }
  return 0;
}
