//===- CompileCache.h - compiled kernels and models on disk, by content -----*-
// C++ -*-===//
#ifndef DLC_COMPILER_KERNELS_COMPILECACHE_H
#define DLC_COMPILER_KERNELS_COMPILECACHE_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace dlc {

/// ELF files (kernel objects, whole model.so files) named by a hash of
/// everything that determines them (kernel or program, target, options, the
/// Halide and dlc that built them). Entries are written
/// to a temporary file and renamed into place, so concurrent compiles never
/// see a partial one; a cache that cannot be read or written only costs
/// time, never a compile.
class CompileCache {
public:
  /// `directory` empty: no cache.
  explicit CompileCache(std::string directory)
      : directory(std::move(directory)) {}

  /// $XDG_CACHE_HOME/dlc, else $HOME/.cache/dlc, else "" (no cache).
  static std::string defaultDirectory();

  std::optional<std::string> lookup(llvm::StringRef key) const;
  void store(llvm::StringRef key, llvm::StringRef object) const;

  bool enabled() const { return !directory.empty(); }

private:
  std::string pathOf(llvm::StringRef key) const;
  std::string directory;
};

} // namespace dlc

#endif // DLC_COMPILER_KERNELS_COMPILECACHE_H
