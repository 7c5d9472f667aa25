// `remote-session-client keygen [--out FILE] [--comment TEXT]`: a new
// ECDSA P-256 login key (identity.h). The private key goes to FILE (mode
// 0600, never over an existing file), its authorizedKeys line to FILE.pub
// and to stdout, for the guest manifest's account record.
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/identity.h"
#include "tools/remote-session-client/keygen_cmd.h"

namespace rsclient {

const char* keygen_usage_text() {
  return "usage: remote-session-client keygen [--out FILE] [--comment TEXT]\n"
         "\n"
         "Makes a new ECDSA P-256 key for public-key login (login --public-key,\n"
         "--identity FILE). Writes the private key to FILE (mode 0600; an existing\n"
         "file is never overwritten) and its public line to FILE.pub, and prints\n"
         "that line: put it in the account's authorizedKeys in the guest manifest.\n"
         "\n"
         "  --out FILE      default ~/.config/capos/identity (the directory is made)\n"
         "  --comment TEXT  the line's comment; default USER@HOST\n";
}

int run_keygen(const std::vector<std::string>& args) {
  std::string out, comment;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << keygen_usage_text();
      return kExitOk;
    }
    if ((a == "--out" || a == "--comment") && i + 1 < args.size()) {
      (a == "--out" ? out : comment) = args[++i];
      continue;
    }
    std::cerr << "remote-session-client keygen: unexpected '" << a << "'\n" << keygen_usage_text();
    return kExitUsage;
  }
  if (out.empty()) {
    out = default_identity_path();
    // ~/.config/capos, private like ~/.ssh.
    std::string dir = out.substr(0, out.rfind('/'));
    std::string parent = dir.substr(0, dir.rfind('/'));
    mkdir(parent.c_str(), 0700);
    mkdir(dir.c_str(), 0700);
  }
  if (comment.empty()) {
    const char* user = getenv("USER");
    char host[64] = "host";
    gethostname(host, sizeof(host) - 1);
    comment = std::string(user != nullptr ? user : "user") + "@" + host;
  }
  std::string line;
  std::string why = Keygen(out, comment, &line);
  if (!why.empty()) {
    std::cerr << "remote-session-client keygen: " << why << std::endl;
    return kExitLocalIo;
  }
  std::cerr << "remote-session-client keygen: private key in " << out << " (mode 0600), public "
            << "line in " << out << ".pub" << std::endl;
  std::cout << line << std::endl;
  return kExitOk;
}

}  // namespace rsclient
