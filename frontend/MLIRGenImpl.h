//===- MLIRGenImpl.h - the emitter behind emitDlcIR -------------*- C++ -*-===//
//
// Private to MLIRGen.cpp (module, functions, the op-per-node cases) and
// MLIRGenLayers.cpp (the nodes that expand into several dlc ops: batch
// normalisation, windows, losses).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_MLIRGENIMPL_H
#define DLC_FRONTEND_MLIRGENIMPL_H

#include "frontend/MLIRGen.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <utility>
#include <vector>

namespace dlc {

class MLIRGen {
public:
  MLIRGen(mlir::MLIRContext &context, Diagnostics &diags)
      : context(context), diags(diags), builder(&context) {}

  mlir::OwningOpRef<mlir::ModuleOp> emit(const ModelGraph &model);

private:
  /// What is known while one function is emitted.
  struct FunctionState {
    const GraphFunction *fn = nullptr;
    mlir::Block *entry = nullptr;
    /// The value of each emitted node.
    std::vector<mlir::Value> values;
    /// Where each symbolic dimension can be read: (argument, axis).
    llvm::StringMap<std::pair<unsigned, unsigned>> symbolSources;
    /// dlc.size values already emitted for a symbol.
    llvm::StringMap<mlir::Value> symbolSizes;
    /// State written by the function, by name, applied when it returns: a
    /// later update of the same tensor (a layer applied twice) builds on
    /// the earlier one.
    llvm::MapVector<llvm::StringRef, mlir::Value> stores;
    /// The step's random seed (training functions only).
    mlir::Value seed;
    /// Dropout ops emitted so far: each gets its own random stream.
    int64_t dropoutStreams = 0;
  };

  //===--- Types and locations (MLIRGen.cpp) ------------------------------===//
  mlir::Location loc(SourceLoc l);
  mlir::Type elementType(ElementType t);
  mlir::RankedTensorType tensorType(const TensorType &t);
  mlir::ArrayAttr dimsAttr(const TensorType &t);

  //===--- Functions and nodes (MLIRGen.cpp) ------------------------------===//
  bool emitFunction(const GraphFunction &fn);
  mlir::Value emitNode(const Node &n);
  mlir::Value unsupported(const Node &n, llvm::StringRef what);
  mlir::Value operand(const Node &n, size_t k) {
    return state->values[n.operands[k]];
  }

  //===--- Shapes (MLIRGen.cpp) -------------------------------------------===//
  /// A rank-0 i64 tensor holding the extent `d`: a constant, or read from
  /// the argument that binds the symbol. Null when nothing binds it.
  mlir::Value sizeOf(const Dim &d, mlir::Location l);
  /// dlc.size of `value` along `axis`.
  mlir::Value sizeOfAxis(mlir::Value value, int64_t axis, mlir::Location l);
  /// `x` reshaped to `type` (dims named by `dims`); null after an error.
  mlir::Value reshape(mlir::Value x, mlir::RankedTensorType type,
                      llvm::ArrayRef<Dim> dims, const Node &n);
  /// `x` broadcast to `type` (dims named by `dims`); null after an error.
  mlir::Value broadcastTo(mlir::Value x, mlir::RankedTensorType type,
                          llvm::ArrayRef<Dim> dims, const Node &n);
  /// The current value of a buffer: its pending store, or a load.
  mlir::Value stateValue(llvm::StringRef name, mlir::Type type,
                         mlir::Location l);
  /// A rank-0 constant of `elementType`.
  mlir::Value scalar(mlir::Type elementType, double value, mlir::Location l);
  /// The product of the extents of `value` along `axes`, as a rank-0 tensor
  /// of `elementType` (the count of a mean).
  mlir::Value count(mlir::Value value, llvm::ArrayRef<int64_t> axes,
                    mlir::Type elementType, mlir::Location l);

  //===--- Expanded nodes (MLIRGenLayers.cpp) -----------------------------===//
  mlir::Value emitSlice(const Node &n);
  mlir::Value emitWindow(const Node &n);
  mlir::Value emitLayerNorm(const Node &n);
  mlir::Value emitBatchNorm(const Node &n);
  mlir::Value emitCrossEntropy(const Node &n);
  mlir::Value emitAccuracy(const Node &n);

  mlir::MLIRContext &context;
  Diagnostics &diags;
  mlir::OpBuilder builder;
  /// Names of the model's buffers (batch normalisation finds its step
  /// counter among them).
  llvm::StringMap<TensorType> bufferTypes;
  FunctionState *state = nullptr;
};

} // namespace dlc

#endif // DLC_FRONTEND_MLIRGENIMPL_H
