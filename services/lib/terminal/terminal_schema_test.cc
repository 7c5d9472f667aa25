// The core's numbering and bounds are schema/terminal.capnp's: asserted at
// compile time against the generated constants, and every enumerant's
// number and name checked through the schema's reflection, so a service
// can put the core's values on the wire unchanged and a schema edit that
// forgets the core fails here.
#include <capnp/schema.h>
#include <gtest/gtest.h>

#include "schema/terminal.capnp.h"
#include "services/lib/terminal/types.h"

namespace terminal {
namespace {

namespace s = capos::schema;

static_assert(s::TerminalSession::RING_BYTES == kRingBytes);
static_assert(s::TerminalSession::MAX_WRITE_BYTES == kMaxWriteBytes);
static_assert(s::TerminalSession::MAX_READ_BYTES == kMaxReadBytes);
static_assert(s::TerminalSession::MAX_MARKER_BYTES == kMaxMarkerBytes);
static_assert(s::TerminalSession::MIN_COLS == kMinCols);
static_assert(s::TerminalSession::MAX_COLS == kMaxCols);
static_assert(s::TerminalSession::MIN_ROWS == kMinRows);
static_assert(s::TerminalSession::MAX_ROWS == kMaxRows);
static_assert(s::TerminalSession::MAX_FOLLOWERS == kMaxFollowers);
static_assert(s::TerminalManager::MAX_TERMINALS == kMaxTerminals);
static_assert(s::TerminalSession::MIN_RESULT_BYTES >= kMaxReadBytes + kMaxMarkerBytes + 512,
              "a read's answer (data, marker, framing) fits the minimum result buffer");

static_assert(uint16_t(s::TerminalMode::OWNER) == uint16_t(Mode::kOwner));
static_assert(uint16_t(s::TerminalMode::FOLLOWER) == uint16_t(Mode::kFollower));
static_assert(uint16_t(s::TerminalState::RUNNING) == uint16_t(State::kRunning));
static_assert(uint16_t(s::TerminalState::DETACHED) == uint16_t(State::kDetached));
static_assert(uint16_t(s::TerminalState::EXITED) == uint16_t(State::kExited));

TEST(TerminalSchema, EveryStatusHasTheSchemaNumberAndName) {
  auto enumerants = capnp::Schema::from<s::TerminalStatus>().getEnumerants();
  ASSERT_EQ(enumerants.size(), uint16_t(Status::kInputFull) + 1u);
  for (auto e : enumerants) {
    const auto status = static_cast<Status>(e.getOrdinal());
    EXPECT_STREQ(StatusName(status), e.getProto().getName().cStr());
  }
}

TEST(TerminalSchema, StatesOnTheWireStopBeforeEnded) {
  // kEnded is the core's own: an ended terminal is never listed.
  EXPECT_EQ(capnp::Schema::from<s::TerminalState>().getEnumerants().size(),
            uint16_t(State::kEnded));
  EXPECT_EQ(capnp::Schema::from<s::TerminalMode>().getEnumerants().size(), 2u);
}

TEST(TerminalSchema, TheRingTheSchemaNamesHoldsSeveralMaximalReads) {
  EXPECT_GE(kRingBytes, 4 * kMaxReadBytes);
  EXPECT_TRUE(ValidSize(80, 24));
  EXPECT_TRUE(ValidSize(kMinCols, kMinRows));
  EXPECT_TRUE(ValidSize(kMaxCols, kMaxRows));
  EXPECT_FALSE(ValidSize(kMinCols - 1, 24));
  EXPECT_FALSE(ValidSize(80, kMaxRows + 1));
  EXPECT_FALSE(ValidSize(0, 0));
}

}  // namespace
}  // namespace terminal
