//===- DlcOps.h - operations of the dlc dialect -----------------*- C++ -*-===//
#ifndef DLC_DIALECTS_DLC_DLCOPS_H
#define DLC_DIALECTS_DLC_DLCOPS_H

#include "dialects/Dlc/DlcDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dlc {
namespace OpTrait {
/// Marks an op that has no vector-Jacobian product: autodiff treats its
/// results as constants (see DlcInterfaces.td).
template <typename ConcreteType>
class NonDifferentiable
    : public mlir::OpTrait::TraitBase<ConcreteType, NonDifferentiable> {};
} // namespace OpTrait
} // namespace dlc

#include "dialects/Dlc/DlcInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/Dlc/DlcOps.h.inc"

#endif // DLC_DIALECTS_DLC_DLCOPS_H
