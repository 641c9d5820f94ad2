//===- CachedModel.cpp - a model.so in the compile cache, for loading -----===//
#include "compiler/Driver/Compiler.h"
#include "compiler/Kernels/CompileCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

namespace dlc {

/// The program and every option that changes what it compiles to.
static std::string keyOf(llvm::StringRef filename, llvm::StringRef source,
                         const BuildOptions &options) {
  llvm::SHA256 hash;
  auto add = [&](llvm::StringRef part) {
    hash.update(part);
    hash.update(llvm::StringRef("\0", 1));
  };
  add(filename);
  add(source);
  add(std::to_string(options.optLevel));
  add(options.target);
  add(options.cpu);
  add(options.kernels);
  add(options.fusion ? "fusion" : "no-fusion");
  add(options.schedule);
  add(options.frontend.trainName);
  for (const std::string &path : options.frontend.importPaths)
    add(path);
  return llvm::toHex(hash.final(), /*LowerCase=*/true);
}

std::optional<std::string> compileToCachedModel(llvm::StringRef filename,
                                                llvm::StringRef source,
                                                BuildOptions options,
                                                llvm::raw_ostream &errs) {
  if (options.cacheDirectory.empty())
    options.cacheDirectory = CompileCache::defaultDirectory();
  if (options.cacheDirectory.empty()) {
    errs << "dlc: error: no directory for compiled models: set "
            "XDG_CACHE_HOME or HOME, or give a cache directory\n";
    return std::nullopt;
  }
  llvm::SmallString<256> directory(options.cacheDirectory);
  llvm::sys::path::append(directory, "loaded");
  if (std::error_code error = llvm::sys::fs::create_directories(directory)) {
    errs << "dlc: error: cannot create " << directory << ": " << error.message()
         << "\n";
    return std::nullopt;
  }
  llvm::SmallString<256> path(directory);
  llvm::sys::path::append(path, keyOf(filename, source, options) + ".so");
  // Compiled afresh or copied from the model cache, the file is replaced
  // by a rename: a process that loaded the old one keeps it intact.
  if (!compileProgram(filename, source, options, EmitKind::So, path, errs))
    return std::nullopt;
  return std::string(path);
}

} // namespace dlc
