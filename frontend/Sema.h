//===- Sema.h - Checking and instantiating a program ------------*- C++ -*-===//
//
// Semantic analysis: instantiates the trained module with its compile-time
// arguments, resolves names, folds compile-time expressions, unrolls loops,
// inlines calls, names parameters and infers shapes, producing a ModelGraph.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_SEMA_H
#define DLC_FRONTEND_SEMA_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "frontend/Graph.h"

#include "llvm/ADT/ArrayRef.h"

#include <memory>

namespace dlc {

/// Checks `programs` (the std library first, then the user's files in
/// import order, the main file last) and builds the model of the train block
/// named `trainName` (or the first one; or the last module when there is no
/// train block). Returns null after reporting an error to `diags`.
std::unique_ptr<ModelGraph>
analyzeProgram(Diagnostics &diags, llvm::ArrayRef<const Program *> programs,
               llvm::StringRef trainName, unsigned stdFileId);

} // namespace dlc

#endif // DLC_FRONTEND_SEMA_H
