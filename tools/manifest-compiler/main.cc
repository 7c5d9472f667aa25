// manifest-compiler IN.json -o OUT.bin [--schema-dir DIR]
// Exit 0 on success; 1 with "IN.json: <json path>: <reason>" on stderr
// for a rejected manifest; 2 for usage or I/O errors.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tools/manifest-compiler/manifest_compiler.h"

int main(int argc, char** argv) {
  std::string in, out, schema_dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "--schema-dir" && i + 1 < argc) {
      schema_dir = argv[++i];
    } else if (in.empty() && !a.empty() && a[0] != '-') {
      in = a;
    } else {
      in.clear();
      break;
    }
  }
  if (in.empty() || out.empty()) {
    std::cerr << "usage: manifest-compiler IN.json -o OUT.bin [--schema-dir DIR]\n"
                 "  --schema-dir: where interface names used by endpoints and launcher\n"
                 "                profiles are looked up (schema/*.capnp)\n";
    return 2;
  }
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    std::cerr << "manifest-compiler: cannot read " << in << "\n";
    return 2;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  std::vector<uint8_t> bytes;
  std::string error;
  capos::manifest::InterfaceTable interfaces;
  if (!schema_dir.empty() && !capos::manifest::LoadInterfaces(schema_dir, &interfaces, &error)) {
    std::cerr << "manifest-compiler: " << error << "\n";
    return 2;
  }
  if (!capos::manifest::Compile(ss.str(), &bytes, &error, interfaces)) {
    std::cerr << in << ": " << error << "\n";
    return 1;
  }
  // Write beside the target and rename, so a failed write leaves no output.
  std::string tmp = out + ".tmp";
  std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
  o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  o.close();
  if (!o || std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::cerr << "manifest-compiler: cannot write " << out << "\n";
    std::remove(tmp.c_str());
    return 2;
  }
  return 0;
}
