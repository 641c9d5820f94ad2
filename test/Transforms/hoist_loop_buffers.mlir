// RUN: dlc-opt %s --split-input-file --dlc-hoist-loop-buffers | FileCheck %s
// A loop body's temporary is allocated once before the loop when no other
// iteration and nothing after the loop can see it.

// A row's tile, written and read within one iteration, out of a nest of
// two loops.
// CHECK-LABEL: func.func @tile
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1
// CHECK-NEXT: %[[TILE:.*]] = memref.alloc() : memref<1x4xf32>
// CHECK-NEXT: scf.for
// CHECK-NEXT: scf.for
// CHECK-NOT: memref.alloc
// CHECK: memref.subview %[[TILE]]
func.func @tile(%n: index, %m: index, %out: memref<?x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %m step %c1 {
      %tile = memref.alloc() : memref<1x4xf32>
      %v = memref.subview %tile[0, 0] [1, 4] [1, 1] : memref<1x4xf32> to memref<4xf32, strided<[1]>>
      %x = memref.load %v[%c0] : memref<4xf32, strided<[1]>>
      memref.store %x, %out[%i, %c0] : memref<?x4xf32>
    }
  }
  return
}

// -----

// A buffer the loop yields, a dynamic-sized one and one that a view lets
// out of the loop stay where they are.
// CHECK-LABEL: func.func @escaping
// CHECK: scf.for
// CHECK-NEXT: memref.alloc() : memref<4xf32>
// CHECK: scf.yield
// CHECK: scf.for
// CHECK-NEXT: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.for
// CHECK-NEXT: memref.alloc() : memref<8xf32>
// CHECK-NEXT: memref.subview
// CHECK-NEXT: memref.store
func.func @escaping(%n: index, %first: memref<4xf32>, %views: memref<memref<4xf32, strided<[1]>>>) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %last = scf.for %i = %c0 to %n step %c1 iter_args(%prev = %first) -> (memref<4xf32>) {
    %b = memref.alloc() : memref<4xf32>
    scf.yield %b : memref<4xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %d = memref.alloc(%i) : memref<?xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %b = memref.alloc() : memref<8xf32>
    %v = memref.subview %b[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
    memref.store %v, %views[] : memref<memref<4xf32, strided<[1]>>>
  }
  return %last : memref<4xf32>
}
