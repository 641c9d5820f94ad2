//===- AtomicWriteTest.cpp - Tests that failed writes leave no partial file
//===//
#include "runtime/Error.h"
#include "runtime/FileIO.h"
#include "runtime/Npy.h"
#include "runtime/Safetensors.h"
#include "test/unit/TestUtil.h"

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dlc::rt;
using namespace dlc::rt::test;

TEST(AtomicWriteTest, CommitReplacesTheFileAndLeavesNoTemporary) {
  TempDir Dir;
  std::string Path = Dir.path("f.bin");
  writeBytes(Path, "old");
  {
    AtomicFileWriter Out(Path);
    Out.write("new content", 11);
    EXPECT_EQ(readBytes(Path), "old"); // nothing visible before commit
    Out.commit();
  }
  EXPECT_EQ(readBytes(Path), "new content");
  EXPECT_EQ(Dir.list(), std::vector<std::string>{"f.bin"});
}

TEST(AtomicWriteTest, FileGetsTheUmaskPermissions) {
  TempDir Dir;
  std::string Path = Dir.path("p.bin");
  mode_t Old = ::umask(022);
  {
    AtomicFileWriter Out(Path);
    Out.commit();
  }
  ::umask(Old);
  struct stat St;
  ASSERT_EQ(::stat(Path.c_str(), &St), 0);
  EXPECT_EQ(St.st_mode & 0777, 0644u);
}

TEST(AtomicWriteTest, AbandonedWriteRemovesTheTemporary) {
  TempDir Dir;
  std::string Path = Dir.path("f.bin");
  writeBytes(Path, "old");
  {
    AtomicFileWriter Out(Path);
    Out.write("partial", 7);
    EXPECT_EQ(Dir.list().size(), 2u); // the target and the temporary
  }
  EXPECT_EQ(readBytes(Path), "old");
  EXPECT_EQ(Dir.list(), std::vector<std::string>{"f.bin"});
}

TEST(AtomicWriteTest, MissingDirectoryIsReportedWithThePath) {
  TempDir Dir;
  std::string Path = Dir.path("no/such/dir/w.npy");
  EXPECT_CONTAINS(errorOf([&] { writeNpy(Path, Tensor(DType::F32, {2})); }),
                  "cannot write '" + Path + "': No such file or directory");
}

// A write that fails halfway (here: the file-size limit, standing in for a
// full disk) must leave the old file intact and no temporary behind. The
// limit is set in a child process so that it cannot affect other tests.
TEST(AtomicWriteTest, WriteFailingHalfwayKeepsTheOldFile) {
  TempDir Dir;
  std::string NpyPath = Dir.path("big.npy");
  std::string StPath = Dir.path("big.safetensors");
  writeBytes(NpyPath, "previous npy");
  writeBytes(StPath, "previous safetensors");
  pid_t Child = ::fork();
  ASSERT_GE(Child, 0);
  if (Child == 0) {
    std::signal(SIGXFSZ, SIG_IGN); // get EFBIG instead of a signal
    struct rlimit Limit = {4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &Limit);
    int Failures = 0;
    Tensor Big(DType::F64, {100000});
    try {
      writeNpy(NpyPath, Big);
    } catch (const Error &E) {
      Failures += std::string(E.what()).find(NpyPath) != std::string::npos;
    }
    std::map<std::string, Tensor> Tensors;
    Tensors.emplace("w", std::move(Big));
    try {
      writeSafetensors(StPath, Tensors);
    } catch (const Error &E) {
      Failures += std::string(E.what()).find(StPath) != std::string::npos;
    }
    ::_exit(Failures == 2 ? 0 : 1);
  }
  int Status = 0;
  ASSERT_EQ(::waitpid(Child, &Status, 0), Child);
  ASSERT_TRUE(WIFEXITED(Status));
  EXPECT_EQ(WEXITSTATUS(Status), 0) << "both writes should have failed with "
                                       "an error naming their file";
  EXPECT_EQ(readBytes(NpyPath), "previous npy");
  EXPECT_EQ(readBytes(StPath), "previous safetensors");
  EXPECT_EQ(Dir.list(),
            (std::vector<std::string>{"big.npy", "big.safetensors"}));
}
