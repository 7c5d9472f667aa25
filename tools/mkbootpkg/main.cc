// mkbootpkg -o OUT.pkg --manifest M.bin --elf-dir DIR [--blob NAME=PATH ...]
//
// Packs the compiled manifest, exactly the service ELFs it references (read
// from DIR/<binary>) and the named blobs, among which every bootResource the
// manifest grants must be. Exit 1 with the reason on stderr
// (e.g. the missing binary); nothing is written on failure.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tools/mkbootpkg/bootpkg_writer.h"

namespace {

int Usage(const std::string& why) {
  std::cerr << "mkbootpkg: " << why << "\n"
            << "usage: mkbootpkg -o OUT.pkg --manifest M.bin --elf-dir DIR"
               " [--blob NAME=PATH ...]\n";
  return 2;
}

bool ReadFile(const std::string& path, std::vector<uint8_t>* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out->assign(std::istreambuf_iterator<char>(f), {});
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out, manifest_path, elf_dir;
  std::vector<capos::mkbootpkg::NamedBytes> blobs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return Usage(a + " needs a value");
    std::string v = argv[++i];
    if (a == "-o") {
      out = v;
    } else if (a == "--manifest") {
      manifest_path = v;
    } else if (a == "--elf-dir") {
      elf_dir = v;
    } else if (a == "--blob") {
      size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) return Usage("--blob wants NAME=PATH, got " + v);
      capos::mkbootpkg::NamedBytes b{v.substr(0, eq), {}};
      if (!ReadFile(v.substr(eq + 1), &b.data)) {
        std::cerr << "mkbootpkg: blob " << b.name << ": cannot read " << v.substr(eq + 1) << "\n";
        return 1;
      }
      blobs.push_back(std::move(b));
    } else {
      return Usage("unknown option " + a);
    }
  }
  if (out.empty() || manifest_path.empty() || elf_dir.empty()) {
    return Usage("-o, --manifest and --elf-dir are required");
  }
  std::vector<uint8_t> manifest;
  if (!ReadFile(manifest_path, &manifest)) {
    std::cerr << "mkbootpkg: cannot read manifest " << manifest_path << "\n";
    return 1;
  }
  std::vector<capos::mkbootpkg::NamedBytes> elfs;
  std::vector<uint8_t> pkg;
  std::string error;
  if (!capos::mkbootpkg::LoadServiceElfs(manifest, elf_dir, &elfs, &error) ||
      !capos::mkbootpkg::CheckResources(manifest, blobs, &error) ||
      !capos::mkbootpkg::Build(manifest, elfs, blobs, &pkg, &error)) {
    std::cerr << "mkbootpkg: " << manifest_path << ": " << error << "\n";
    return 1;
  }
  std::string tmp = out + ".tmp";
  std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
  o.write(reinterpret_cast<const char*>(pkg.data()), static_cast<std::streamsize>(pkg.size()));
  o.close();
  if (!o || std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::cerr << "mkbootpkg: cannot write " << out << "\n";
    std::remove(tmp.c_str());
    return 1;
  }
  return 0;
}
