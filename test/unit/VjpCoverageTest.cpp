//===- VjpCoverageTest.cpp - every dlc op has a gradient rule or none -----===//
//
// An op added to the dialect without a VJP rule (compiler/Transforms/
// VjpRules.cpp) and without the NonDifferentiable trait fails here, before
// any model reaches autodiff with it.
//
//===----------------------------------------------------------------------===//
#include "compiler/Transforms/Pipelines.h"
#include "dialects/Dlc/DlcDialect.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

namespace {

TEST(VjpCoverageTest, EveryOpHasARuleOrIsMarkedNonDifferentiable) {
  mlir::DialectRegistry registry;
  dlc::registerPipelineDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadDialect<dlc::DlcDialect>();
  int differentiable = 0, marked = 0;
  for (mlir::RegisteredOperationName op : context.getRegisteredOperations()) {
    if (op.getDialectNamespace() != "dlc")
      continue;
    bool rule = op.hasInterface<dlc::DifferentiableOpInterface>();
    bool none = op.hasTrait<dlc::OpTrait::NonDifferentiable>();
    EXPECT_TRUE(rule != none)
        << op.getStringRef().str()
        << (rule ? " has a VJP rule but is also marked NonDifferentiable"
                 : " has neither a VJP rule nor the NonDifferentiable trait");
    differentiable += rule;
    marked += none;
  }
  // The dialect is registered and both kinds exist: a registry that lost
  // the rules would make every op "non-differentiable" only by mistake.
  EXPECT_GE(differentiable, 40);
  EXPECT_GE(marked, 20);
}

} // namespace
