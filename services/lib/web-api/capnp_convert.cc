#include "services/lib/web-api/capnp_convert.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

namespace web_api {

std::vector<std::string> CapnpConvertToJson(const char* type,
                                            const std::vector<std::vector<uint8_t>>& messages) {
  char path[] = "/tmp/web_api_capnp_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return {};
  for (const auto& m : messages) {
    if (write(fd, m.data(), m.size()) != ssize_t(m.size())) {
      close(fd);
      unlink(path);
      return {};
    }
  }
  close(fd);
  // One process for the whole batch: the tool reads a stream of messages.
  std::string cmd = std::string(WEB_API_CAPNP) + " convert --short binary:json " + WEB_API_SCHEMA +
                    " " + type + " < " + path;
  std::vector<std::string> lines;
  FILE* p = popen(cmd.c_str(), "r");
  if (p != nullptr) {
    std::string line;
    int c;
    while ((c = fgetc(p)) != EOF) {
      if (c == '\n') {
        lines.push_back(line);
        line.clear();
      } else {
        line.push_back(char(c));
      }
    }
    if (pclose(p) != 0) lines.clear();
  }
  unlink(path);
  if (lines.size() != messages.size()) lines.clear();
  return lines;
}

bool SameJson(const std::string& a, const std::string& b, std::string* why) {
  cJSON* x = cJSON_ParseWithLength(a.data(), a.size());
  cJSON* y = cJSON_ParseWithLength(b.data(), b.size());
  bool same = x != nullptr && y != nullptr && cJSON_Compare(x, y, 1);
  if (!same) {
    *why = std::string(x == nullptr ? "unparsable: " : "") + a + "\n  vs " +
           (y == nullptr ? "unparsable: " : "") + b;
  }
  cJSON_Delete(x);
  cJSON_Delete(y);
  return same;
}

}  // namespace web_api
