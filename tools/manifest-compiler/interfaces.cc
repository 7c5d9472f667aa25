#include "tools/manifest-compiler/interfaces.h"

#include <capnp/schema-parser.h>
#include <kj/exception.h>

#include <filesystem>

namespace capos::manifest {
namespace {

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
