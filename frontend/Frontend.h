//===- Frontend.h - DSL source to dlc dialect IR ---------------*- C++ -*-===//
//
// The frontend's public entry points: parse, check and lower a .dsl program.
// Diagnostics are printed as `file:line:col: error: message`, then the source
// line and a caret, to the given stream.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_FRONTEND_H
#define DLC_FRONTEND_FRONTEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace dlc {

/// What to compile out of a program.
struct FrontendOptions {
  /// Name of the `train` block to compile (`--train NAME`); empty picks the
  /// only (or first) train block.
  std::string trainName;
  /// Directories searched by `import "path.dsl"` after the importing file's.
  std::vector<std::string> importPaths;
};

/// Parses and prints the AST of `source` (for `dlc --emit=ast`). Returns false
/// after printing diagnostics to `errs` when the program does not parse.
bool dumpAst(llvm::StringRef filename, llvm::StringRef source,
             llvm::raw_ostream &out, llvm::raw_ostream &errs);

/// Parses, checks and lowers `source` to a module of the `dlc` dialect. The
/// context must have the dlc and func dialects loaded. Returns null after
/// printing diagnostics to `errs` when the program is not valid.
mlir::OwningOpRef<mlir::ModuleOp> compileToDlcIR(mlir::MLIRContext &context,
                                                 llvm::StringRef filename,
                                                 llvm::StringRef source,
                                                 const FrontendOptions &options,
                                                 llvm::raw_ostream &errs);

} // namespace dlc

#endif // DLC_FRONTEND_FRONTEND_H
