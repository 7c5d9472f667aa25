#include "tools/manifest-compiler/interfaces.h"

#include <capnp/schema-parser.h>
#include <kj/exception.h>

#include <filesystem>

namespace capos::manifest {
namespace {

// What crosses the network to remote clients, never a guest endpoint or a
// launch grant: its interfaces reuse the names of the guest interfaces they
// front (Chat, SystemInfo, ...), which must stay unambiguous here.
constexpr const char* kRemoteOnly[] = {"remote_rpc.capnp"};

bool RemoteOnly(const std::string& file) {
  for (const char* name : kRemoteOnly) {
    if (file == name) return true;
  }
  return false;
}

void Collect(capnp::ParsedSchema s, InterfaceTable* table) {
  auto proto = s.getProto();
  if (proto.isInterface()) {
    auto name = proto.getDisplayName().slice(proto.getDisplayNamePrefixLength());
    auto [it, fresh] = table->emplace(std::string(name.cStr()), proto.getId());
    if (!fresh && it->second != proto.getId()) it->second = 0;  // ambiguous
  }
  for (auto nested : proto.getNestedNodes()) Collect(s.getNested(nested.getName()), table);
}

}  // namespace

bool LoadInterfaces(const std::string& dir, InterfaceTable* table, std::string* error) {
  auto fs = kj::newDiskFilesystem();
  capnp::SchemaParser parser;
  auto& root = fs->getRoot();
  auto schema_dir = root.openSubdir(fs->getCurrentPath().eval(dir));
  auto usr_include = root.openSubdir(kj::Path::parse("usr/include"));
  const kj::ReadableDirectory* imports[] = {schema_dir.get(), usr_include.get()};
  KJ_IF_MAYBE (e, kj::runCatchingExceptions([&]() {
                 for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                   if (entry.path().extension() != ".capnp") continue;
                   auto file = entry.path().filename().string();
                   if (RemoteOnly(file)) continue;
                   Collect(parser.parseFromDirectory(*schema_dir, kj::Path::parse(file), imports),
                           table);
                 }
               })) {
    *error = std::string("schema: ") + e->getDescription().cStr();
    return false;
  }
  return true;
}

}  // namespace capos::manifest
