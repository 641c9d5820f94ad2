//===- DlcDialect.cpp - registration of the dlc dialect -------------------===//
#include "dialects/Dlc/DlcDialect.h"
#include "dialects/Dlc/DlcOps.h"

using namespace mlir;

#include "dialects/Dlc/DlcOpsDialect.cpp.inc"

void dlc::DlcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Dlc/DlcOps.cpp.inc"
      >();
}
