//===- TestUtil.h - Helpers shared by the libdlcrt unit tests ---*- C++ -*-===//
#ifndef DLC_TEST_UNIT_TESTUTIL_H
#define DLC_TEST_UNIT_TESTUTIL_H

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace dlc::rt::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  /// The path of `Name` inside the directory.
  std::string path(const std::string &Name) const;
  /// Creates the subdirectory `Name` and returns its path.
  std::string makeDir(const std::string &Name) const;
  /// The names of the files in the directory, sorted.
  std::vector<std::string> list() const;

private:
  std::string Dir;
};

/// The whole content of a file; fails the test if it cannot be read.
std::string readBytes(const std::string &Path);
/// Replaces a file's content.
void writeBytes(const std::string &Path, const std::string &Bytes);

/// The message of the dlc::rt::Error that `Fn` throws, or "" after adding a
/// test failure if it throws nothing or another type.
std::string errorOf(const std::function<void()> &Fn);

/// gtest predicate: `Haystack` contains `Needle`.
testing::AssertionResult assertContains(const char *HaystackExpr,
                                        const char *NeedleExpr,
                                        const std::string &Haystack,
                                        const std::string &Needle);

} // namespace dlc::rt::test

/// Expects that a string contains a substring, printing both if not.
#define EXPECT_CONTAINS(Haystack, Needle)                                      \
  EXPECT_PRED_FORMAT2(::dlc::rt::test::assertContains, Haystack, Needle)

#endif // DLC_TEST_UNIT_TESTUTIL_H
