//===- TestUtil.cpp - Helpers shared by the libdlcrt unit tests -----------===//
#include "test/unit/TestUtil.h"

#include "runtime/Error.h"

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace dlc::rt::test {

TempDir::TempDir() {
  const char *Base = std::getenv("TMPDIR");
  std::string Template =
      std::string(Base && *Base ? Base : "/tmp") + "/dlcrt-test-XXXXXX";
  if (!::mkdtemp(Template.data()))
    ADD_FAILURE() << "mkdtemp failed for " << Template;
  Dir = Template;
}

/// Removes a directory and everything below it.
static void removeTree(const std::string &Path) {
  if (DIR *D = ::opendir(Path.c_str())) {
    while (dirent *E = ::readdir(D)) {
      std::string Name = E->d_name;
      if (Name == "." || Name == "..")
        continue;
      std::string Child = Path + "/" + Name;
      struct stat St;
      if (::lstat(Child.c_str(), &St) == 0 && S_ISDIR(St.st_mode))
        removeTree(Child);
      else
        ::unlink(Child.c_str());
    }
    ::closedir(D);
  }
  ::rmdir(Path.c_str());
}

TempDir::~TempDir() { removeTree(Dir); }

std::string TempDir::path(const std::string &Name) const {
  return Dir + "/" + Name;
}

std::string TempDir::makeDir(const std::string &Name) const {
  std::string Sub = path(Name);
  if (::mkdir(Sub.c_str(), 0777) != 0)
    ADD_FAILURE() << "mkdir failed for " << Sub;
  return Sub;
}

std::vector<std::string> TempDir::list() const {
  std::vector<std::string> Names;
  if (DIR *D = ::opendir(Dir.c_str())) {
    while (dirent *E = ::readdir(D)) {
      std::string Name = E->d_name;
      if (Name != "." && Name != "..")
        Names.push_back(Name);
    }
    ::closedir(D);
  }
  std::sort(Names.begin(), Names.end());
  return Names;
}

std::string readBytes(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    ADD_FAILURE() << "cannot read " << Path;
  std::ostringstream S;
  S << In.rdbuf();
  return S.str();
}

void writeBytes(const std::string &Path, const std::string &Bytes) {
  std::ofstream Out(Path, std::ios::binary | std::ios::trunc);
  Out.write(Bytes.data(), static_cast<std::streamsize>(Bytes.size()));
  if (!Out)
    ADD_FAILURE() << "cannot write " << Path;
}

std::string errorOf(const std::function<void()> &Fn) {
  try {
    Fn();
  } catch (const Error &E) {
    return E.what();
  } catch (const std::exception &E) {
    ADD_FAILURE() << "expected dlc::rt::Error, got another exception: "
                  << E.what();
    return "";
  }
  ADD_FAILURE() << "expected dlc::rt::Error, but nothing was thrown";
  return "";
}

testing::AssertionResult assertContains(const char *HaystackExpr,
                                        const char *NeedleExpr,
                                        const std::string &Haystack,
                                        const std::string &Needle) {
  if (Haystack.find(Needle) != std::string::npos)
    return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << HaystackExpr << " does not contain " << NeedleExpr
         << "\n  text:   " << Haystack << "\n  wanted: " << Needle;
}

} // namespace dlc::rt::test
