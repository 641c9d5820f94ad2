//===- CompileCache.cpp - compiled kernels and models on disk, by content
//-------------===//
#include "compiler/Kernels/CompileCache.h"
#include "compiler/Kernels/KernelsFingerprint.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

namespace dlc {

std::string CompileCache::defaultDirectory() {
  SmallString<128> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    path = xdg;
  else if (const char *home = std::getenv("HOME"); home && *home)
    sys::path::append(path, home, ".cache");
  else
    return "";
  sys::path::append(path, "dlc");
  return path.str().str();
}

std::string CompileCache::pathOf(StringRef key) const {
  // The sources of compiler/Kernels are part of every key: a changed
  // schedule never reuses an object built by the old one.
  SHA256 hash;
  hash.update(DLC_KERNELS_FINGERPRINT);
  hash.update(key);
  std::array<uint8_t, 32> digest = hash.final();
  SmallString<128> path(directory);
  sys::path::append(path, toHex(ArrayRef<uint8_t>(digest), /*LowerCase=*/true) +
                              ".elf");
  return path.str().str();
}

std::optional<std::string> CompileCache::lookup(StringRef key) const {
  if (!enabled())
    return std::nullopt;
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(pathOf(key), /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  // Every entry is an ELF object or shared object; anything else (a file
  // damaged outside dlc) is a miss, and the store that follows replaces it.
  if (!file || !(*file)->getBuffer().starts_with("\x7f"
                                                 "ELF"))
    return std::nullopt;
  return (*file)->getBuffer().str();
}

void CompileCache::store(StringRef key, StringRef object) const {
  if (!enabled() || sys::fs::create_directories(directory))
    return;
  std::string path = pathOf(key);
  SmallString<128> partial;
  int fd;
  if (sys::fs::createUniqueFile(path + ".partial-%%%%%%", fd, partial))
    return;
  {
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
    os.close();
    if (os.has_error()) {
      os.clear_error();
      sys::fs::remove(partial);
      return;
    }
  }
  if (sys::fs::rename(partial, path))
    sys::fs::remove(partial);
}

} // namespace dlc
