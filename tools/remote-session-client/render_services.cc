// Human text for the service catalog, launch states, denials and generated
// method help.
#include <string>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/enum_name.h"
#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/render_parts.h"

namespace rsclient::render {
namespace {

std::string export_line(rs::ExportDescriptor::Reader x) {
  return printable(x.getCapName().cStr()) + "  interface=" + hex(x.getInterfaceId()) + " (" +
         printable(x.getInterfaceName().cStr()) + ")";
}

std::string entry_text(rs::ServiceEntry::Reader e) {
  std::string t = printable(e.getName().cStr()) + ": " + printable(e.getDescription().cStr());
  t += "\n    state: " + std::string(enum_name(e.getState()));
  if (e.getAvailable()) {
    t += ", available";
  } else {
    t += ", unavailable: " + std::string(enum_name(e.getUnavailable())) + " (" +
         printable(e.getReason().cStr()) + ")";
  }
  t += "\n    binaries: " + list_text(e.getBinaries());
  if (e.getCompanions().size() > 0) {
    t += "\n    companions:";
    for (auto c : e.getCompanions()) {
      t += " " + printable(c.getBinary().cStr()) + " x" + std::to_string(c.getCount()) +
           (c.getShared() ? " (shared)" : " (per session)");
    }
  }
  t += "\n    grants:";
  if (e.getGrants().size() == 0) t += " none";
  for (auto g : e.getGrants()) {
    t += "\n      " + printable(g.getName().cStr()) + "  interface=" + hex(g.getInterfaceId()) +
         " (" + printable(g.getInterfaceName().cStr()) + ")  holder=" + enum_name(g.getHolder()) +
         "  transfer=" + printable(g.getTransfer().cStr());
  }
  t += "\n    exports:";
  if (e.getExports().size() == 0) t += " none";
  for (auto x : e.getExports()) t += "\n      " + export_line(x);
  auto p = e.getPolicy();
  t += "\n    policy: start " + printable(p.getStart().cStr()) + ", attach " +
       printable(p.getAttach().cStr()) + ", stop " + printable(p.getStop().cStr()) + "; limits " +
       std::to_string(p.getPerSessionLimit()) + " per session, " +
       std::to_string(p.getSystemLimit()) + " system-wide";
  return t;
}

std::string param_line(rs::ParamDescriptor::Reader p) {
  std::string t = printable(p.getName().cStr()) + ": " + enum_name(p.getType());
  const std::string bounds = std::to_string(p.getMin()) + ".." + std::to_string(p.getMax());
  switch (p.getType()) {
    case rs::ParamType::TEXT:
      return t + ", " + bounds + " bytes";
    case rs::ParamType::UINT:
      return t + ", " + bounds;
    case rs::ParamType::ENUM: {
      std::string values;
      for (auto v : p.getValues()) values += (values.empty() ? " " : " | ") + printable(v.cStr());
      return t + values;
    }
  }
  return t;
}

}  // namespace

std::string catalog_text(capnp::List<rs::ServiceEntry>::Reader services) {
  std::string t = "services (" + std::to_string(services.size()) + "):";
  for (auto e : services) t += "\n  " + entry_text(e);
  return t;
}

std::string status_text(rs::ServiceStatus::Reader s) {
  std::string t = printable(s.getProfile().cStr()) + " " + enum_name(s.getState()) + ", " +
                  std::to_string(s.getProcesses()) + " process" +
                  (s.getProcesses() == 1 ? "" : "es");
  for (auto x : s.getExports()) t += "\n  export " + export_line(x);
  return t;
}

std::string denial_text(rs::RemoteDenial::Reader d) {
  std::string t = "denied: " + std::string(error_code_name(static_cast<uint16_t>(d.getCode())));
  if (d.getCode() == rs::ErrorCode::LAUNCH_DENIED) {
    t += " (" + std::string(enum_name(d.getLaunch())) + ")";
  }
  return t + ": " + printable(d.getMessage().cStr());
}

std::string help_text(rs::CapSetEntry::Reader e) {
  std::string t = printable(e.getName().cStr()) + "  interface=" + hex(e.getInterfaceId()) + " (" +
                  printable(e.getInterfaceName().cStr()) + ")";
  if (e.getDescriptors().size() == 0) {
    // An entry without descriptors still says which methods it allows.
    return t + "\n  methods (no descriptors): " + list_text(e.getMethods());
  }
  for (auto m : e.getDescriptors()) {
    std::string use = printable(m.getName().cStr());
    for (auto p : m.getParams()) use += " <" + printable(p.getName().cStr()) + ">";
    const std::string summary = printable(m.getSummary().cStr());
    if (!summary.empty() && use.size() < 24) use.resize(24, ' ');
    t += "\n  " + use + (summary.empty() ? "" : "  " + summary);
    for (auto p : m.getParams()) t += "\n      " + param_line(p);
  }
  return t;
}

}  // namespace rsclient::render
