//===- FileIO.cpp - Checked file reads and atomic file writes -------------===//
#include "runtime/FileIO.h"

#include "runtime/Error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dlc::rt {

std::string systemErrorText(int Errno) { return std::strerror(Errno); }

InputFile::InputFile(std::string PathIn) : Path(std::move(PathIn)) {
  Fd = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    throw Error("cannot open '" + Path + "': " + systemErrorText(errno));
  struct stat St;
  if (::fstat(Fd, &St) != 0) {
    int E = errno;
    ::close(Fd);
    throw Error("cannot stat '" + Path + "': " + systemErrorText(E));
  }
  if (!S_ISREG(St.st_mode)) {
    ::close(Fd);
    throw Error("cannot read '" + Path + "': not a regular file");
  }
  Size = static_cast<uint64_t>(St.st_size);
}

InputFile::~InputFile() {
  if (Fd >= 0)
    ::close(Fd);
}

void InputFile::read(uint64_t Offset, void *Buffer, size_t Count,
                     const char *What) const {
  if (Offset > Size || Count > Size - Offset)
    throw Error("'" + Path + "' is truncated: " + What + " needs bytes " +
                std::to_string(Offset) + ".." + std::to_string(Offset + Count) +
                " but the file has " + std::to_string(Size));
  auto *Out = static_cast<char *>(Buffer);
  while (Count > 0) {
    ssize_t N = ::pread(Fd, Out, Count, static_cast<off_t>(Offset));
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      throw Error("cannot read " + std::string(What) + " of '" + Path +
                  "': " + (N < 0 ? systemErrorText(errno) : "unexpected end"));
    Out += N;
    Offset += static_cast<uint64_t>(N);
    Count -= static_cast<size_t>(N);
  }
}

/// The directory part of a path, for fsyncing it after the rename.
static std::string directoryOf(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  if (Slash == std::string::npos)
    return ".";
  return Slash == 0 ? "/" : Path.substr(0, Slash);
}

AtomicFileWriter::AtomicFileWriter(std::string PathIn)
    : Path(std::move(PathIn)) {
  // O_EXCL on a fresh name instead of mkstemp: the mode 0666 then goes
  // through the umask, so the final file gets the usual permissions.
  static std::atomic<unsigned> Counter{0};
  for (int Attempt = 0; Fd < 0; ++Attempt) {
    TempPath = Path + ".tmp." + std::to_string(::getpid()) + "." +
               std::to_string(Counter++);
    Fd =
        ::open(TempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (Fd < 0 && (errno != EEXIST || Attempt > 100))
      throw Error("cannot write '" + Path + "': " + systemErrorText(errno));
  }
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (Fd < 0)
    return;
  ::close(Fd);
  ::unlink(TempPath.c_str());
  Fd = -1;
}

void AtomicFileWriter::write(const void *Data, size_t Count) {
  if (Fd < 0)
    throw Error("cannot write '" + Path + "': the file is already closed");
  const char *In = static_cast<const char *>(Data);
  while (Count > 0) {
    ssize_t N = ::write(Fd, In, Count);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      int E = N < 0 ? errno : EIO;
      discard();
      throw Error("cannot write '" + Path + "': " + systemErrorText(E));
    }
    In += N;
    Count -= static_cast<size_t>(N);
  }
}

void AtomicFileWriter::commit() {
  if (Fd < 0)
    throw Error("cannot write '" + Path + "': the file is already closed");
  if (::fsync(Fd) != 0) {
    int E = errno;
    discard();
    throw Error("cannot write '" + Path + "': fsync: " + systemErrorText(E));
  }
  if (::close(Fd) != 0) {
    int E = errno;
    Fd = -1;
    ::unlink(TempPath.c_str());
    throw Error("cannot write '" + Path + "': close: " + systemErrorText(E));
  }
  Fd = -1;
  if (::rename(TempPath.c_str(), Path.c_str()) != 0) {
    int E = errno;
    ::unlink(TempPath.c_str());
    throw Error("cannot write '" + Path + "': rename: " + systemErrorText(E));
  }
  // Make the rename itself durable; a failure here leaves a complete file, so
  // it is not reported.
  int DirFd = ::open(directoryOf(Path).c_str(), O_RDONLY | O_DIRECTORY);
  if (DirFd >= 0) {
    ::fsync(DirFd);
    ::close(DirFd);
  }
}

} // namespace dlc::rt
