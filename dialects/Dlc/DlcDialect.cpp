//===- DlcDialect.cpp - registration of the dlc dialect -------------------===//
#include "dialects/Dlc/DlcDialect.h"
#include "dialects/Dlc/DlcOps.h"

using namespace mlir;

#include "dialects/Dlc/DlcInterfaces.cpp.inc"
#include "dialects/Dlc/DlcOpsDialect.cpp.inc"

void dlc::DlcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Dlc/DlcOps.cpp.inc"
      >();
}

Operation *dlc::DlcDialect::materializeConstant(OpBuilder &builder,
                                                Attribute value, Type type,
                                                Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, elements);
}
