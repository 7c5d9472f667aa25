#include "tools/remote-session-client/password_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace rsclient {
namespace {

class PasswordFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rsc-pwfile-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/pw";
  }
  void TearDown() override {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  void Write(const std::string& text, mode_t mode = 0600) {
    FILE* f = fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    fwrite(text.data(), 1, text.size(), f);
    fclose(f);
    ASSERT_EQ(chmod(path_.c_str(), mode), 0);
  }
  bool Read() { return read_password_file(path_, &pw_, &error_); }

  std::string dir_, path_, pw_, error_;
};

TEST_F(PasswordFile, FirstLineWithoutItsNewline) {
  Write("s3cret pass\nsecond line\n");
  ASSERT_TRUE(Read()) << error_;
  EXPECT_EQ(pw_, "s3cret pass");
  Write("crlf\r\n");
  ASSERT_TRUE(Read()) << error_;
  EXPECT_EQ(pw_, "crlf");
  Write("no-newline-at-end", 0400);
  ASSERT_TRUE(Read()) << error_;
  EXPECT_EQ(pw_, "no-newline-at-end");
  // Inner and edge spaces are part of the password.
  Write(" x y \n");
  ASSERT_TRUE(Read()) << error_;
  EXPECT_EQ(pw_, " x y ");
  // A line longer than one read() chunk.
  const std::string long_pw(1500, 'k');
  Write(long_pw + "\n");
  ASSERT_TRUE(Read()) << error_;
  EXPECT_EQ(pw_, long_pw);
}

TEST_F(PasswordFile, EmptyIsAnError) {
  for (const char* text : {"", "\n", "\r\n", "\nsecond-line-is-not-the-password\n"}) {
    Write(text);
    EXPECT_FALSE(Read()) << text;
    EXPECT_NE(error_.find("empty"), std::string::npos) << error_;
    EXPECT_TRUE(pw_.empty());
  }
}

TEST_F(PasswordFile, MissingOrUnreadableIsAnError) {
  EXPECT_FALSE(Read());
  EXPECT_NE(error_.find("cannot read the password file"), std::string::npos) << error_;
  EXPECT_EQ(error_.find(path_), std::string::npos) << "the path leaked: " << error_;
  EXPECT_FALSE(read_password_file(dir_, &pw_, &error_));  // a directory
  EXPECT_NE(error_.find("not a regular file"), std::string::npos) << error_;
  if (geteuid() != 0) {  // root reads a mode 000 file anyway
    Write("pw\n", 0000);
    EXPECT_FALSE(Read());
    EXPECT_NE(error_.find("cannot read the password file"), std::string::npos) << error_;
  }
}

TEST_F(PasswordFile, AccessByOthersIsRefused) {
  for (mode_t mode : {0644, 0640, 0604, 0660, 0606, 0601, 0610}) {
    Write("s3cret\n", mode);
    EXPECT_FALSE(Read()) << std::oct << mode;
    EXPECT_NE(error_.find("accessible by others"), std::string::npos) << error_;
    EXPECT_NE(error_.find("chmod 600"), std::string::npos) << error_;
    EXPECT_EQ(error_.find("s3cret"), std::string::npos) << error_;
    EXPECT_TRUE(pw_.empty());
  }
}

TEST_F(PasswordFile, TooLongFirstLine) {
  Write(std::string(kMaxPasswordFileLine + 1, 'a') + "\n");
  EXPECT_FALSE(Read());
  EXPECT_NE(error_.find("too long"), std::string::npos) << error_;
  Write(std::string(kMaxPasswordFileLine, 'a') + "\n");
  EXPECT_TRUE(Read()) << error_;
}

}  // namespace
}  // namespace rsclient
