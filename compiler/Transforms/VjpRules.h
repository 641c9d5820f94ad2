//===- VjpRules.h - gradient rules of the dlc ops ---------------*- C++ -*-===//
#ifndef DLC_COMPILER_TRANSFORMS_VJPRULES_H
#define DLC_COMPILER_TRANSFORMS_VJPRULES_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace dlc {

/// Attaches DifferentiableOpInterface, with its rule, to every
/// differentiable dlc op when the dialect is loaded.
void registerVjpRules(mlir::DialectRegistry &registry);

} // namespace dlc

#endif // DLC_COMPILER_TRANSFORMS_VJPRULES_H
