//===- SharedObjectLinker.cpp - objects to model.so with LLD --------------===//
#include "compiler/Target/SharedObjectLinker.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <dlfcn.h>
#include <mutex>

LLD_HAS_DRIVER(elf)

extern "C" void *__tls_get_addr(void *);

using namespace llvm;

namespace dlc {

/// The file of the shared library that defines `symbol` in this process, so
/// that model.so records the same libc and libm as DT_NEEDED entries.
static std::string libraryDefining(const void *symbol) {
  Dl_info info;
  if (dladdr(symbol, &info) && info.dli_fname &&
      StringRef(info.dli_fname).contains(".so"))
    return info.dli_fname;
  return "";
}

namespace {
/// Temporary files removed on every path out.
struct TempFiles {
  SmallVector<std::string> paths;
  ~TempFiles() {
    for (const std::string &path : paths)
      sys::fs::remove(path);
  }
};
} // namespace

Error checkOutputDirectory(StringRef outputPath) {
  StringRef directory = sys::path::parent_path(outputPath);
  if (!directory.empty() && !sys::fs::is_directory(directory))
    return createStringError(std::errc::no_such_file_or_directory,
                             "cannot write %s: directory %s does not exist",
                             outputPath.str().c_str(), directory.str().c_str());
  return Error::success();
}

Error linkSharedObject(ArrayRef<StringRef> objects, StringRef outputPath) {
  if (Error error = checkOutputDirectory(outputPath))
    return error;
  TempFiles temps;
  SmallVector<std::string> inputs;
  std::string versionScript;
  for (StringRef object : objects) {
    int fd;
    SmallString<128> path;
    if (std::error_code ec =
            sys::fs::createTemporaryFile("dlc-object", "o", fd, path))
      return createStringError(ec, "cannot create a temporary object: %s",
                               ec.message().c_str());
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
    os.close();
    temps.paths.push_back(path.str().str());
    inputs.push_back(path.str().str());
    if (os.has_error())
      return createStringError(os.error(), "cannot write %s", path.c_str());
  }
  // Only the model ABI is exported: the Halide runtime's weak symbols and
  // the kernels stay private to this model.so, so two models loaded into
  // one process never bind to each other's copies.
  {
    int fd;
    SmallString<128> path;
    if (std::error_code ec =
            sys::fs::createTemporaryFile("dlc-exports", "map", fd, path))
      return createStringError(ec, "cannot create a version script: %s",
                               ec.message().c_str());
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << "{ global: dlc_model_*; local: *; };\n";
    os.close();
    temps.paths.push_back(path.str().str());
    versionScript = "--version-script=" + path.str().str();
    if (os.has_error())
      return createStringError(os.error(), "cannot write %s", path.c_str());
  }
  // libm, libc, and the dynamic loader, which defines __tls_get_addr for
  // the shim's thread-local error slot.
  for (const void *symbol : {reinterpret_cast<const void *>(&::expf),
                             reinterpret_cast<const void *>(&::memcpy),
                             reinterpret_cast<const void *>(&__tls_get_addr)}) {
    std::string library = libraryDefining(symbol);
    if (!library.empty())
      inputs.push_back(library);
  }

  // Link next to the destination, then rename: readers never see a partial
  // model.so, and a failed link leaves an existing one untouched.
  SmallString<128> partial(outputPath);
  partial += ".partial-%%%%%%";
  SmallString<128> partialPath;
  sys::fs::createUniquePath(partial, partialPath, /*MakeAbsolute=*/false);
  temps.paths.push_back(partialPath.str().str());
  std::string soname = sys::path::filename(outputPath).str();

  SmallVector<const char *> args = {"ld.lld",
                                    "-shared",
                                    "--no-undefined",
                                    "-z",
                                    "noexecstack",
                                    "-z",
                                    "now",
                                    "--build-id",
                                    "-O2",
                                    "-soname",
                                    soname.c_str(),
                                    "-o",
                                    partialPath.c_str(),
                                    versionScript.c_str()};
  for (const std::string &input : inputs)
    args.push_back(input.c_str());

  std::string diagnostics;
  raw_string_ostream errs(diagnostics);
  raw_null_ostream outs;
  lld::Result result;
  {
    // LLD keeps global state per link; one link at a time per process.
    static std::mutex lldMutex;
    std::lock_guard<std::mutex> lock(lldMutex);
    result = lld::lldMain(args, outs, errs, {{lld::Gnu, &lld::elf::link}});
  }
  if (result.retCode != 0)
    return createStringError(inconvertibleErrorCode(), "linking %s failed:\n%s",
                             outputPath.str().c_str(), diagnostics.c_str());
  if (std::error_code ec = sys::fs::rename(partialPath, outputPath))
    return createStringError(ec, "cannot write %s: %s",
                             outputPath.str().c_str(), ec.message().c_str());
  temps.paths.pop_back();
  return Error::success();
}

} // namespace dlc
