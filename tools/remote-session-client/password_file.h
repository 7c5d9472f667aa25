// --password-file FILE: the password is the first line of FILE.
//
// The file must be a regular file that only its owner can access (no group
// or other permission bits, as OpenSSH asks of private keys): a password
// file others can read is refused, not used with a warning. The first line
// is the password, without its "\n" or "\r\n"; an empty first line is an
// error. Messages never name the path (output carries no host paths) and
// never hold file content.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_PASSWORD_FILE_H_
#define TOOLS_REMOTE_SESSION_CLIENT_PASSWORD_FILE_H_

#include <cstddef>
#include <string>

namespace rsclient {

// Longest first line accepted, in bytes (the gateway's bound is far lower).
inline constexpr size_t kMaxPasswordFileLine = 4096;

// true and *password set, or false and *error set ("the password file ...").
bool read_password_file(const std::string& path, std::string* password, std::string* error);

}  // namespace rsclient

#endif  // TOOLS_REMOTE_SESSION_CLIENT_PASSWORD_FILE_H_
