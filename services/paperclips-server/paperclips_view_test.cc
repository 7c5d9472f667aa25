#include "services/paperclips-server/paperclips_view.h"

#include <gtest/gtest.h>

namespace paperclips {
namespace {

TEST(View, CommandsSayWhyNot) {
  Game g;
  g.wire = 0;
  CommandState make = CommandAt(g, 0);
  EXPECT_STREQ(make.name, "make");
  EXPECT_FALSE(make.enabled);
  EXPECT_STREQ(make.reason, "no wire");
  EXPECT_TRUE(CommandAt(g, 1).enabled);
  EXPECT_STREQ(CommandAt(g, 2).reason, "needs $15.00");
  EXPECT_STREQ(CommandAt(g, 3).reason, "needs $5.00");
  EXPECT_STREQ(CommandAt(g, 4).reason, "no project unlocked");
  g.clips = 10;
  EXPECT_STREQ(CommandAt(g, 4).reason, "needs $2.00");
  g.funds_cents = 1500;
  for (uint32_t i = 1; i < kCommandCount; ++i) {
    EXPECT_TRUE(CommandAt(g, i).enabled) << i;
    EXPECT_STREQ(CommandAt(g, i).reason, "");
  }
}

TEST(View, ProjectsAreListedOnceUnlocked) {
  Game g;
  for (uint32_t i = 0; i < kProjectCount; ++i) EXPECT_FALSE(ProjectStateAt(g, i).listed);
  g.clips = 10;
  ProjectState s = ProjectStateAt(g, 0);
  EXPECT_TRUE(s.listed);
  EXPECT_FALSE(s.available);
  g.funds_cents = 200;
  EXPECT_TRUE(ProjectStateAt(g, 0).available);
  char text[96];
  Line msg(text, sizeof(text));
  EXPECT_EQ(BuyProject(g, "improved-autoclippers", 21, msg), Outcome::kOk);
  s = ProjectStateAt(g, 0);
  EXPECT_TRUE(s.listed && s.done && !s.available);
  EXPECT_FALSE(ProjectStateAt(g, 1).listed);
}

}  // namespace
}  // namespace paperclips
