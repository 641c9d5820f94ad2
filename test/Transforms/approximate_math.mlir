// RUN: dlc-opt %s --dlc-approximate-math | FileCheck %s

// erf and tanh become arithmetic and selects, scalars and vectors alike;
// exp stays (LLVM has an intrinsic for it).
// CHECK-LABEL: func.func @gates
// CHECK-NOT: math.erf
// CHECK-NOT: math.tanh
// CHECK: arith.divf
// CHECK: arith.select
// CHECK: math.exp
// CHECK-NOT: math.erf
// CHECK-NOT: math.tanh
func.func @gates(%x: f32, %v: vector<16xf32>) -> (f32, vector<16xf32>, f32) {
  %e = math.erf %x : f32
  %t = math.tanh %v : vector<16xf32>
  %x2 = math.exp %x : f32
  return %e, %t, %x2 : f32, vector<16xf32>, f32
}
