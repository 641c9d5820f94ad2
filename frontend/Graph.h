//===- Graph.h - The checked, instantiated model ----------------*- C++ -*-===//
//
// Sema's output and MLIRGen's input: the trained module with every submodule
// instantiated, every parameter named by its dotted path, and each function
// (forward, loss, metrics) a flat list of typed nodes with calls inlined and
// compile-time loops unrolled. It holds no MLIR types so that sema stays free
// of MLIR headers.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_GRAPH_H
#define DLC_FRONTEND_GRAPH_H

#include "frontend/SourceLoc.h"
#include "frontend/Types.h"

#include <string>
#include <utility>
#include <vector>

namespace dlc {

/// A parameter or buffer of the model.
struct ParamInfo {
  /// Dotted PyTorch name (`fc1.weight`).
  std::string name;
  /// Static type.
  TensorType type;
  /// True for buffers (not trained).
  bool isBuffer = false;
  /// Initializer: zeros ones uniform normal glorot_uniform kaiming_uniform
  /// kaiming_normal.
  std::string init;
  /// Initializer arguments (uniform: low, high; normal: mean, std;
  /// kaiming_*: a).
  double initA = 0, initB = 0;
  /// PyTorch's fans: dim 1 (dim 0) times the receptive field.
  int64_t fanIn = 0, fanOut = 0;
  /// Where it is declared.
  SourceLoc loc;
};

/// One operation of a function: `op` names a builtin-level operation
/// (`add`, `matmul`, `linear`, `reduce_sum`, `reshape`, `arg`, `load`,
/// `constant`, ...); attributes live in the generic fields below.
struct Node {
  /// Operation name.
  std::string op;
  /// Operand node indices.
  std::vector<int> operands;
  /// Result type.
  TensorType type;
  /// Source location (the user's call site for code inside std layers).
  SourceLoc loc;
  /// Integer attributes (axes, permutation, argument index, ...).
  std::vector<int64_t> ints;
  /// Second integer attribute list (e.g. slice limits).
  std::vector<int64_t> ints2;
  /// Floating attribute (constant value, eps, p, ...).
  double fval = 0;
  /// More floating attributes (batch_norm: momentum).
  std::vector<double> floats;
  /// Boolean attribute (keepdim).
  bool flag = false;
  /// String attribute (parameter name, gelu approximation, ...).
  std::string str;
};

/// An input of a function.
struct FuncArg {
  /// The DSL name (`x`).
  std::string name;
  /// Its type with symbolic dimensions.
  TensorType type;
  /// Where it is declared.
  SourceLoc loc;
};

/// A function of the model: forward, or the loss and metrics of the train
/// block in training (`train_loss`) and evaluation (`eval_step`) mode.
struct GraphFunction {
  /// Symbol name (`forward`, `loss`, `metric_acc`).
  std::string name;
  /// Inputs.
  std::vector<FuncArg> args;
  /// Nodes in evaluation order; operands always precede users.
  std::vector<Node> nodes;
  /// Result node indices.
  std::vector<int> results;
  /// Names of the results where they have one (the loss and the metrics of
  /// a train block), else empty.
  std::vector<std::string> resultNames;
  /// Value of the `training` flag the function was built with.
  bool training = false;
  /// Where it comes from (the def or the train-block line).
  SourceLoc loc;
};

/// The optimizer of a train block with every keyword (defaults filled in).
struct OptimizerInfo {
  /// sgd, adam or adamw; empty when the program has no train block.
  std::string kind;
  /// Keyword values in declaration order; booleans are stored as 0/1 and
  /// listed in `boolKeys`.
  std::vector<std::pair<std::string, double>> values;
  /// Keywords whose value is a boolean.
  std::vector<std::string> boolKeys;
  /// Keywords whose value is an integer (step counts of the schedule).
  std::vector<std::string> intKeys;
  /// Keywords whose value is a string (the learning-rate `schedule`).
  std::vector<std::pair<std::string, std::string>> strings;
  /// Where it is written.
  SourceLoc loc;
};

/// A checked model, ready for MLIRGen.
struct ModelGraph {
  /// Name of the compiled module (`MLP`).
  std::string name;
  /// Name of the train block (may be empty).
  std::string trainName;
  /// Parameters and buffers, in declaration order (depth first).
  std::vector<ParamInfo> params;
  /// forward, then train_loss and eval_step when there is a train block.
  std::vector<GraphFunction> functions;
  /// The optimizer (kind empty when none).
  OptimizerInfo optimizer;
  /// Where the module is declared.
  SourceLoc loc;
};

} // namespace dlc

#endif // DLC_FRONTEND_GRAPH_H
