//===- FileIO.h - Checked file reads and atomic file writes -----*- C++ -*-===//
#ifndef DLC_RUNTIME_FILEIO_H
#define DLC_RUNTIME_FILEIO_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace dlc::rt {

/// A read-only file with positional reads; every error names the path.
class InputFile {
public:
  /// Opens `Path`; throws Error if it cannot be opened or is not a file.
  explicit InputFile(std::string Path);
  ~InputFile();
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;

  /// The path as given.
  const std::string &path() const { return Path; }
  /// The file size in bytes when it was opened.
  uint64_t size() const { return Size; }

  /// Reads exactly `Count` bytes at `Offset`; throws Error naming the path and
  /// `What` (e.g. "the header") if the file ends first or the read fails.
  void read(uint64_t Offset, void *Buffer, size_t Count,
            const char *What) const;

private:
  std::string Path;
  int Fd = -1;
  uint64_t Size = 0;
};

/// Writes a file atomically: the bytes go to a temporary file in the same
/// directory, which is fsynced and renamed over `Path` by commit(); the
/// directory is fsynced too. Without commit() (an error, an exception), the
/// temporary file is removed and `Path` is untouched.
class AtomicFileWriter {
public:
  /// Creates the temporary file; throws Error naming `Path` on failure.
  explicit AtomicFileWriter(std::string Path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter &) = delete;
  AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

  /// Appends bytes; throws Error naming `Path` on failure (a full disk).
  void write(const void *Data, size_t Count);
  /// Makes the file durable and visible under `Path`.
  void commit();

private:
  /// Closes and removes the temporary file, if still open.
  void discard();

  std::string Path;
  std::string TempPath;
  int Fd = -1;
};

/// The text of an errno value, for messages about failed system calls.
std::string systemErrorText(int Errno);

} // namespace dlc::rt

#endif // DLC_RUNTIME_FILEIO_H
