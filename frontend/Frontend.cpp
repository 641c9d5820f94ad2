//===- Frontend.cpp - DSL source to dlc dialect IR ------------------------===//
//
// Loads the std library (embedded at build time), the program and its
// imports, runs sema and MLIRGen.
//
//===----------------------------------------------------------------------===//
#include "frontend/Frontend.h"
#include "frontend/MLIRGen.h"
#include "frontend/Parser.h"
#include "frontend/Sema.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace dlc;

namespace {
#include "frontend/StdLibrary.inc"

/// Parses a file and, depth first, everything it imports; dependencies come
/// before their importers in `programs`.
class Loader {
public:
  Loader(Diagnostics &diags, const FrontendOptions &options)
      : diags(diags), options(options) {}

  bool load(unsigned fileId, llvm::StringRef path) {
    std::unique_ptr<Program> program = parseFile(diags, fileId);
    if (!program)
      return false;
    llvm::SmallString<256> dir(path);
    llvm::sys::path::remove_filename(dir);
    for (const ImportDecl &imp : program->imports) {
      std::string found = resolve(imp.path, dir);
      if (found.empty()) {
        std::string searched = dir.empty() ? "." : dir.str().str();
        for (const std::string &p : options.importPaths)
          searched += ", " + p;
        diags.error(imp.loc, "cannot find imported file '" + imp.path +
                                 "' (searched " + searched + ")");
        return false;
      }
      llvm::SmallString<256> real;
      if (llvm::sys::fs::real_path(found, real))
        real = found;
      if (!seen.insert(real).second)
        continue; // Already loaded (or being loaded: an import cycle).
      // A device such as /dev/zero never ends: reading it would exhaust
      // memory. Only regular files are sources.
      if (!llvm::sys::fs::is_regular_file(found)) {
        diags.error(imp.loc, "cannot read imported file '" + found +
                                 "': not a regular file");
        return false;
      }
      auto buf = llvm::MemoryBuffer::getFile(found, /*IsText=*/true);
      if (!buf) {
        diags.error(imp.loc, "cannot read imported file '" + found +
                                 "': " + buf.getError().message());
        return false;
      }
      unsigned id = diags.addFile(found, (*buf)->getBuffer());
      if (!load(id, found))
        return false;
    }
    programs.push_back(std::move(program));
    return true;
  }

  std::string resolve(llvm::StringRef path, llvm::StringRef dir) {
    if (llvm::sys::path::is_absolute(path))
      return llvm::sys::fs::exists(path) ? path.str() : "";
    llvm::SmallVector<std::string, 4> dirs = {dir.str()};
    dirs.append(options.importPaths.begin(), options.importPaths.end());
    for (const std::string &d : dirs) {
      llvm::SmallString<256> candidate(d);
      llvm::sys::path::append(candidate, path);
      if (llvm::sys::fs::exists(candidate) &&
          !llvm::sys::fs::is_directory(candidate))
        return candidate.str().str();
    }
    return "";
  }

  Diagnostics &diags;
  const FrontendOptions &options;
  llvm::StringSet<> seen;
  std::vector<std::unique_ptr<Program>> programs;
};
} // namespace

bool dlc::dumpAst(llvm::StringRef filename, llvm::StringRef source,
                  llvm::raw_ostream &out, llvm::raw_ostream &errs) {
  Diagnostics diags(errs);
  unsigned id = diags.addFile(filename, source);
  std::unique_ptr<Program> program = parseFile(diags, id);
  if (!program)
    return false;
  printAst(*program, out);
  return true;
}

mlir::OwningOpRef<mlir::ModuleOp>
dlc::compileToDlcIR(mlir::MLIRContext &context, llvm::StringRef filename,
                    llvm::StringRef source, const FrontendOptions &options,
                    llvm::raw_ostream &errs) {
  Diagnostics diags(errs);
  Loader loader(diags, options);
  unsigned stdId = diags.addFile("std.dsl", kStdSource);
  if (!loader.load(stdId, ""))
    return nullptr;
  unsigned mainId = diags.addFile(filename, source);
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(filename, real))
    loader.seen.insert(real);
  if (!loader.load(mainId, filename))
    return nullptr;
  std::vector<const Program *> programs;
  for (const auto &p : loader.programs)
    programs.push_back(p.get());
  std::unique_ptr<ModelGraph> model =
      analyzeProgram(diags, programs, options.trainName, stdId);
  if (!model)
    return nullptr;
  return emitDlcIR(context, *model, diags);
}
