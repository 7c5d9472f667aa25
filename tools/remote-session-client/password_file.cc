#include "tools/remote-session-client/password_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace rsclient {

bool read_password_file(const std::string& path, std::string* password, std::string* error) {
  password->clear();
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *error = std::string("cannot read the password file: ") + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    *error = "the password file is not a regular file";
    return false;
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    close(fd);
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
    *error = std::string("the password file is accessible by others (mode ") + mode +
             "); refusing it: chmod 600 it";
    return false;
  }
  std::string line;
  char buf[512];
  bool ended = false;
  while (!ended && line.size() <= kMaxPasswordFileLine) {
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      close(fd);
      *error = std::string("cannot read the password file: ") + std::strerror(e);
      return false;
    }
    if (n == 0) break;
    const char* nl = static_cast<const char*>(std::memchr(buf, '\n', static_cast<size_t>(n)));
    line.append(buf, nl != nullptr ? static_cast<size_t>(nl - buf) : static_cast<size_t>(n));
    ended = nl != nullptr;
  }
  close(fd);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > kMaxPasswordFileLine) {
    *error = "the password file's first line is too long";
    return false;
  }
  if (line.empty()) {
    *error = "the password file is empty (its first line is the password)";
    return false;
  }
  *password = std::move(line);
  return true;
}

}  // namespace rsclient
