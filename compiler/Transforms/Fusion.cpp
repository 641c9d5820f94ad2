//===- Fusion.cpp - groups dlc ops into kernel regions --------------------===//
//
// Decides what runs as one kernel, on the dlc dialect where the model's
// structure is still plain: a matmul and its activation, the row-wise parts
// of a softmax cross-entropy, the optimizer's update. Each decision becomes a
// dlc.fusion_group; the lowering of each kind (kernel epilogues, row loops,
// elementwise fusion) keeps to the groups.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Passes.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/SetVector.h"

#include <deque>

namespace dlc {
#define GEN_PASS_DEF_FORMFUSIONGROUPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

/// Ops that compute each element from the elements at the same coordinates
/// (after NumPy broadcasting) and nothing else; broadcast_to is the
/// broadcasting alone (the gradient of a mean), and batch_norm reads its
/// statistics and affine parameters at the element's channel.
static bool isElementwise(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, PowOp, NegOp,
             ReluOp, ExpOp, LogOp, TanhOp, SigmoidOp, SqrtOp, RsqrtOp, AbsOp,
             ErfOp, GeluOp, GeluGradOp, CastOp, CompareOp, SelectOp, DropoutOp,
             BroadcastToOp, BatchNormOp>(op);
}

static bool isContraction(Operation *op) {
  return isa<MatmulOp, LinearOp, Conv2dOp, Conv2dInputGradOp,
             Conv2dWeightGradOp>(op);
}

/// The tensor whose rows `op` reduces or normalises one by one, and how many
/// leading dimensions index those rows; null for other ops.
static std::pair<Value, int64_t> rowsOf(Operation *op) {
  auto rank = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getRank();
  };
  auto lastAxis = [&](Value input, int64_t axis) -> std::pair<Value, int64_t> {
    if (rank(input) < 2 || axis != rank(input) - 1)
      return {};
    return {input, rank(input) - 1};
  };
  if (auto softmax = dyn_cast<SoftmaxOp>(op))
    return lastAxis(softmax.getInput(), softmax.getAxis());
  if (auto logSoftmax = dyn_cast<LogSoftmaxOp>(op))
    return lastAxis(logSoftmax.getInput(), logSoftmax.getAxis());
  if (auto argmax = dyn_cast<ArgmaxOp>(op))
    return lastAxis(argmax.getInput(), argmax.getAxis());
  if (auto norm = dyn_cast<LayerNormOp>(op)) {
    int64_t rows = rank(norm.getInput()) - rank(norm.getWeight());
    return rows >= 1 ? std::pair<Value, int64_t>{norm.getInput(), rows}
                     : std::pair<Value, int64_t>{};
  }
  if (isa<CrossEntropyOp, CrossEntropyGradOp, AccuracyOp>(op))
    return lastAxis(op->getOperand(0), rank(op->getOperand(0)) - 1);
  return {};
}

/// The only user of `value`, when that user is an elementwise op in the
/// same block whose result has the same type: the next link of an epilogue.
static Operation *soleElementwiseUser(Value value) {
  if (!value.hasOneUse())
    return nullptr;
  Operation *user = *value.getUsers().begin();
  if (!isElementwise(user) || user->getNumResults() != 1 ||
      user->getBlock() != value.getParentBlock() ||
      user->getResult(0).getType() != value.getType())
    return nullptr;
  return user;
}

namespace {

/// One group under construction.
struct Group {
  StringRef kind;
  int64_t rowDims = 0;
  llvm::SetVector<Operation *> ops;
};

/// Forms the groups of one block, then moves each into a dlc.fusion_group.
class GroupBuilder {
public:
  explicit GroupBuilder(Block &block) : block(block) {
    for (auto [index, op] : llvm::enumerate(block))
      position[&op] = index;
  }

  void formGroups() {
    formContractionGroups();
    formRowGroups();
    formOptimizerGroup();
    formElementwiseGroups();
  }

  /// Materialises the groups that keep every value dominating its uses.
  void materialise() {
    for (Group &group : groups)
      materialise(group);
  }

private:
  bool isFree(Operation *op) const { return !owner.contains(op); }

  Group &newGroup(StringRef kind, int64_t rowDims = 0) {
    groups.push_back(Group{kind, rowDims, {}});
    return groups.back();
  }

  void add(Group &group, Operation *op) {
    group.ops.insert(op);
    owner[op] = &group;
  }

  /// The chain of elementwise ops that alone consume `op`'s result.
  void addEpilogue(Group &group, Operation *op) {
    Operation *next = op;
    while (op->getNumResults() == 1 &&
           (next = soleElementwiseUser(op->getResult(0))) && isFree(next)) {
      add(group, next);
      op = next;
    }
  }

  /// The elementwise ops that compute only for the group (a ReLU's mask,
  /// read only by the select of its gradient in a kernel's epilogue), so
  /// that they fuse into their consumers there.
  void addPrologues(Group &group) {
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t i = 0; i < group.ops.size(); ++i) {
        for (Value operand : group.ops[i]->getOperands()) {
          Operation *def = operand.getDefiningOp();
          if (!def || def->getBlock() != &block || !isElementwise(def) ||
              !isFree(def) ||
              !llvm::all_of(def->getUsers(), [&](Operation *user) {
                return group.ops.contains(user);
              }))
            continue;
          add(group, def);
          grew = true;
        }
      }
    }
  }

  /// A contraction with its epilogue: a Halide kernel stores the sums
  /// through it.
  void formContractionGroups() {
    for (Operation &op : block) {
      if (!isContraction(&op) || !isFree(&op))
        continue;
      Group &group = newGroup(FusionGroupOp::Contraction);
      add(group, &op);
      addEpilogue(group, &op);
      addPrologues(group);
    }
  }

  /// Row ops of one tensor (a cross-entropy, its gradient and the accuracy
  /// all read the logits' rows) run in one loop over the rows.
  void formRowGroups() {
    llvm::DenseMap<std::pair<Value, int64_t>, Group *> groupOfRows;
    for (Operation &op : block) {
      auto rows = rowsOf(&op);
      if (!rows.first || !isFree(&op))
        continue;
      Group *&group = groupOfRows[rows];
      if (!group)
        group = &newGroup(FusionGroupOp::Rows, rows.second);
      add(*group, &op);
      addEpilogue(*group, &op);
    }
    for (Group &group : groups)
      if (group.kind == FusionGroupOp::Rows)
        addPrologues(group);
  }

  /// The elementwise ops whose every use leads to a store of the state:
  /// the update of every parameter and its optimizer state, with the
  /// scalars (learning rate, step count) that drive it. Users come after
  /// their producers, so one backward sweep sees each op's users decided.
  void formOptimizerGroup() {
    llvm::DenseSet<Operation *> update;
    for (Operation &op : llvm::reverse(block)) {
      if (!isElementwise(&op) || !isFree(&op) || op.use_empty())
        continue;
      if (llvm::all_of(op.getUsers(), [&](Operation *user) {
            return isa<StoreOp>(user) || update.contains(user);
          }))
        update.insert(&op);
    }
    if (update.empty())
      return;
    Group &group = newGroup(FusionGroupOp::Optimizer);
    for (Operation &op : block)
      if (update.contains(&op))
        add(group, &op);
  }

  /// What is left: connected elementwise ops, two or more, each with the
  /// reductions that alone consume them (a bias gradient sums the
  /// gradient's rows as it is computed). Ops join in program order, and an
  /// op takes in a producer's group only where the merged group can stand
  /// at that op, no op outside it reading a member before. Joined without
  /// that check, the ops of a backward pass, connected through gradients
  /// that several layers read, form one group that can stand nowhere.
  void formElementwiseGroups() {
    std::vector<SmallVector<Operation *>> forming;
    llvm::DenseMap<Operation *, size_t> formingOf;
    for (Operation &op : block) {
      bool isReduction =
          isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(&op);
      if (!(isElementwise(&op) || isReduction) || !isFree(&op))
        continue;
      llvm::SetVector<size_t> producers;
      for (Value operand : op.getOperands()) {
        Operation *def = operand.getDefiningOp();
        if (!def || !isElementwise(def) || !formingOf.contains(def) ||
            (isReduction && !operand.hasOneUse()))
          continue;
        producers.insert(formingOf[def]);
      }
      llvm::SmallSetVector<Operation *, 16> members;
      members.insert(&op);
      for (size_t producer : producers) {
        llvm::SmallSetVector<Operation *, 16> merged = members;
        merged.insert(forming[producer].begin(), forming[producer].end());
        if (!canStandAt(merged, &op))
          continue;
        members = std::move(merged);
        forming[producer].clear();
      }
      if (isReduction && members.size() == 1)
        continue;
      for (Operation *member : members)
        formingOf[member] = forming.size();
      forming.emplace_back(members.begin(), members.end());
    }
    for (SmallVector<Operation *> &members : forming) {
      if (members.size() < 2)
        continue;
      llvm::sort(members, [&](Operation *a, Operation *b) {
        return position[a] < position[b];
      });
      Group &group = newGroup(FusionGroupOp::Elementwise);
      for (Operation *op : members)
        add(group, op);
    }
  }

  /// Whether `members` can move to the place of `last`, the latest of them:
  /// every op outside them that reads one of them stands after it. Moving
  /// groups only ever puts their ops later, so what holds here holds when
  /// they are materialised.
  bool canStandAt(const llvm::SmallSetVector<Operation *, 16> &members,
                  Operation *last) {
    for (Operation *member : members)
      for (Operation *user : member->getUsers()) {
        if (members.contains(user))
          continue;
        Operation *anchor = block.findAncestorOpInBlock(*user);
        if (!anchor || position[anchor] < position[last])
          return false;
      }
    return true;
  }

  /// Moves the group's ops into a dlc.fusion_group at the place of its last
  /// op. That keeps every value dominating its uses only if no op outside
  /// the group uses a group result before that place; such a group is left
  /// as it is.
  bool materialise(Group &group) {
    SmallVector<Operation *> ops(group.ops.begin(), group.ops.end());
    llvm::sort(ops, [&](Operation *a, Operation *b) {
      return position[a] < position[b];
    });
    Operation *last = ops.back();
    SmallVector<Value> escaping;
    for (Operation *op : ops) {
      for (Value result : op->getResults()) {
        bool usedOutside = false;
        for (Operation *user : result.getUsers()) {
          if (group.ops.contains(user))
            continue;
          // A user already moved into another group stands at that group.
          Operation *anchor = block.findAncestorOpInBlock(*user);
          if (!anchor || position[anchor] < position[last])
            return false;
          usedOutside = true;
        }
        if (usedOutside)
          escaping.push_back(result);
      }
    }
    OpBuilder builder(last);
    Location loc = builder.getFusedLoc(
        llvm::map_to_vector(ops, [](Operation *op) { return op->getLoc(); }));
    auto fused = builder.create<FusionGroupOp>(
        loc, ValueRange(escaping).getTypes(), builder.getStringAttr(group.kind),
        group.kind == FusionGroupOp::Rows
            ? builder.getI64IntegerAttr(group.rowDims)
            : IntegerAttr());
    Block *body = builder.createBlock(&fused.getBody());
    for (Operation *op : ops)
      op->moveBefore(body, body->end());
    builder.setInsertionPointToEnd(body);
    builder.create<YieldOp>(loc, escaping);
    position[fused] = position[last];
    for (auto [value, result] : llvm::zip(escaping, fused.getResults()))
      value.replaceUsesWithIf(result, [&](OpOperand &use) {
        return use.getOwner()->getParentOp() != fused;
      });
    return true;
  }

  Block &block;
  llvm::DenseMap<Operation *, size_t> position;
  llvm::DenseMap<Operation *, Group *> owner;
  std::deque<Group> groups;
};

struct FormFusionGroups
    : public dlc::impl::FormFusionGroupsPassBase<FormFusionGroups> {
  void runOnOperation() override {
    for (Block &block : getOperation().getBody()) {
      GroupBuilder builder(block);
      builder.formGroups();
      builder.materialise();
    }
  }
};

} // namespace
