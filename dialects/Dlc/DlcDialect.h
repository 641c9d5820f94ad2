//===- DlcDialect.h - the dlc dialect ---------------------------*- C++ -*-===//
#ifndef DLC_DIALECTS_DLC_DLCDIALECT_H
#define DLC_DIALECTS_DLC_DLCDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/Dlc/DlcOpsDialect.h.inc"

#endif // DLC_DIALECTS_DLC_DLCDIALECT_H
