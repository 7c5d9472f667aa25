// Lite-mode code has no interface ids; check the restated ones against the
// full-mode generated schema.
#include "libcaprt/runtime/interfaces.h"

#include <capnp/capability.h>
#include <capnp/schema.h>
#include <gtest/gtest.h>

#include "schema/kernel.capnp.h"

namespace caprt {
namespace {

using namespace capos::schema;

TEST(Interfaces, IdsMatchTheSchema) {
  EXPECT_EQ(iface::kConsole, capnp::typeId<Console>());
  EXPECT_EQ(iface::kTimer, capnp::typeId<Timer>());
  EXPECT_EQ(iface::kBootPackage, capnp::typeId<BootPackage>());
  EXPECT_EQ(iface::kProcessSpawner, capnp::typeId<ProcessSpawner>());
  EXPECT_EQ(iface::kProcessHandle, capnp::typeId<ProcessHandle>());
  EXPECT_EQ(iface::kEndpointFactory, capnp::typeId<EndpointFactory>());
  EXPECT_EQ(iface::kSessionAuthority, capnp::typeId<SessionAuthority>());
  EXPECT_EQ(iface::kSessionCell, capnp::typeId<SessionCell>());
  EXPECT_EQ(iface::kEntropySource, capnp::typeId<EntropySource>());
  EXPECT_EQ(iface::kDiagnostics, capnp::typeId<Diagnostics>());
}

TEST(Interfaces, OrdinalsMatchTheSchema) {
  auto ordinal = [](capnp::InterfaceSchema s, const char* name) {
    return s.getMethodByName(name).getOrdinal();
  };
  EXPECT_EQ(iface::kConsoleWrite, ordinal(capnp::Schema::from<Console>(), "write"));
  EXPECT_EQ(iface::kTimerNow, ordinal(capnp::Schema::from<Timer>(), "now"));
  EXPECT_EQ(iface::kTimerSleep, ordinal(capnp::Schema::from<Timer>(), "sleep"));
  EXPECT_EQ(iface::kTimerSleepUntil, ordinal(capnp::Schema::from<Timer>(), "sleepUntil"));
  EXPECT_EQ(iface::kTimerWallClock, ordinal(capnp::Schema::from<Timer>(), "wallClock"));
  EXPECT_EQ(iface::kBootPackageList, ordinal(capnp::Schema::from<BootPackage>(), "list"));
  EXPECT_EQ(iface::kBootPackageRead, ordinal(capnp::Schema::from<BootPackage>(), "read"));
  EXPECT_EQ(iface::kProcessSpawnerSpawn, ordinal(capnp::Schema::from<ProcessSpawner>(), "spawn"));
}

}  // namespace
}  // namespace caprt
