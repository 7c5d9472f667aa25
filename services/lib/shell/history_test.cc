#include "services/lib/shell/history.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace shell {
namespace {

std::string At(const History& h, size_t i) {
  const TextRef t = h.Newest(i);
  return std::string(t.data ? t.data : "", t.size);
}

TEST(History, NewestFirstNoEmptyNoRepeat) {
  auto h = std::make_unique<History>();
  h->Add(Text("one"));
  h->Add(Text(""));
  h->Add(Text("two"));
  h->Add(Text("two"));
  h->Add(Text("one"));  // not the previous line: kept
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ(At(*h, 0), "one");
  EXPECT_EQ(At(*h, 1), "two");
  EXPECT_EQ(At(*h, 2), "one");
  EXPECT_EQ(At(*h, 3), "");
}

TEST(History, KeepsTheLastEntriesOnly) {
  auto h = std::make_unique<History>();
  for (int i = 0; i < 100; ++i) h->Add(Text(std::to_string(i).c_str()));
  ASSERT_EQ(h->size(), kHistoryEntries);
  EXPECT_EQ(At(*h, 0), "99");
  EXPECT_EQ(At(*h, kHistoryEntries - 1), std::to_string(100 - kHistoryEntries));
}

TEST(History, PoolBoundDropsOldestLongLines) {
  auto h = std::make_unique<History>();
  for (int i = 0; i < 40; ++i) {
    std::string line(kMaxLineBytes, char('a' + i % 26));
    h->Add(TextRef{line.data(), line.size()});
  }
  EXPECT_EQ(h->size(), kHistoryPoolBytes / kMaxLineBytes);
  EXPECT_EQ(At(*h, 0), std::string(kMaxLineBytes, char('a' + 39 % 26)));
  h->Add(Text("short"));
  EXPECT_EQ(At(*h, 0), "short");
  EXPECT_EQ(At(*h, 1), std::string(kMaxLineBytes, char('a' + 39 % 26)));
}

TEST(History, OverlongLineIsCutAtACodePoint) {
  auto h = std::make_unique<History>();
  std::string line(kMaxLineBytes - 1, 'x');
  line += "\xC3\xA9";  // é straddles the bound
  h->Add(TextRef{line.data(), line.size()});
  EXPECT_EQ(At(*h, 0), std::string(kMaxLineBytes - 1, 'x'));
}

}  // namespace
}  // namespace shell
