// The service half of the fake gateway (fake_gateway.h), for the CLI's unit
// tests only: a two-profile catalog, launches refused by the same rules as
// the guest's (a simplified order), and toy game models that answer Command
// verbs with views. It models nothing of the real services beyond the DTOs.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_FAKE_SERVICES_H_
#define TOOLS_REMOTE_SESSION_CLIENT_FAKE_SERVICES_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "schema/remote_session.capnp.h"

namespace rsclient::testing {

inline constexpr uint64_t kAdventureIface = 0xfe43154b6712571c;
inline constexpr uint64_t kPaperclipsIface = 0xa3051fc2cb5251cf;
inline constexpr uint64_t kWorkerIface = 0x4444;

class FakeServices {
 public:
  // `may_launch`: the session's class holds a service runner (not a guest).
  void catalog(bool may_launch, capos::schema::Response::Builder r) const;
  void launch(bool may_launch, capos::schema::ServiceLaunch::Reader q,
              capos::schema::Response::Builder r);
  void status(capnp::Text::Reader profile, capos::schema::Response::Builder r) const;
  void stop(capnp::Text::Reader profile, capos::schema::Response::Builder r);

  // The CapSet entries the running services export.
  std::set<std::string> exports() const;
  std::optional<uint64_t> export_iface(const std::string& cap) const;
  void fill_entry(const std::string& cap, capos::schema::CapSetEntry::Builder e) const;
  // A call on an exported entry (name and interface already checked).
  void call(const std::string& cap, capos::schema::Call::Reader c,
            capos::schema::Response::Builder r);

 private:
  void adventure(capos::schema::Command::Reader verb, capos::schema::Response::Builder r);
  void paperclips(capos::schema::Command::Reader verb, capos::schema::Response::Builder r);

  std::set<std::string> running_;
  unsigned room_ = 0;  // adventure: 0 hall, 1 library
  uint32_t moves_ = 0;
  bool has_lamp_ = false;
  uint64_t clips_ = 0;
  uint32_t price_cents_ = 25;
};

// "launch PROFILE binary=B grants=NAME:0xID,..." for the fake's seen() log.
std::string describe_launch(capos::schema::ServiceLaunch::Reader q);

}  // namespace rsclient::testing

#endif  // TOOLS_REMOTE_SESSION_CLIENT_FAKE_SERVICES_H_
