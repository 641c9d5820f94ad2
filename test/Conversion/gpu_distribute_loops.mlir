// RUN: dlc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(dlc-gpu-distribute-loops))' | FileCheck %s
// RUN: dlc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(dlc-gpu-distribute-loops{threads-per-block=128}))' | FileCheck %s --check-prefix=T128

// A 2-d loop nest becomes one loop over all N * 10 elements, in blocks of
// 256 threads: the tile loop runs on blocks, the loop in a tile on threads,
// and the iterations past the end are guarded.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[DIM:.*]] = memref.dim
// CHECK: %[[ROWS:.*]] = arith.muli %{{.*}}, %[[DIM]] : index
// CHECK: %[[TOTAL:.*]] = arith.muli %[[ROWS]], %c10 : index
// CHECK: %[[C256:.*]] = arith.constant 256 : index
// CHECK: %[[STEP:.*]] = arith.muli %{{.*}}, %[[C256]] : index
// CHECK: scf.parallel (%[[TILE:.*]]) = (%{{.*}}) to (%[[TOTAL]]) step (%[[STEP]])
// CHECK: scf.parallel (%[[T:.*]]) = (%{{.*}}) to (%[[STEP]])
// CHECK: %[[I:.*]] = arith.addi %[[T]], %[[TILE]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %{{.*}}, %[[TOTAL]] : index
// CHECK: %[[GUARD:.*]] = arith.andi %{{.*}}, %[[IN]] : i1
// CHECK: scf.if %[[GUARD]]
// CHECK: %[[COL:.*]] = arith.remsi %[[I]], %c10
// CHECK: %[[ROW:.*]] = arith.divsi %[[I]], %c10
// CHECK: memref.load %{{.*}}[%[[ROW]], %[[COL]]]
// CHECK: math.exp
// CHECK: mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]
// CHECK: mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]
// T128-LABEL: func.func @elementwise
// T128: arith.constant 128 : index
func.func @elementwise(%x: memref<?x10xf32>, %y: memref<?x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %n = memref.dim %x, %c0 : memref<?x10xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c10) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<?x10xf32>
    %e = math.exp %v : f32
    memref.store %e, %y[%i, %j] : memref<?x10xf32>
  }
  return
}

// -----

// A parallel loop inside the outermost one runs sequentially in its
// thread: convert-parallel-loops-to-gpu could not map it.
// CHECK-LABEL: func.func @nested
// CHECK: scf.parallel
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK-NOT: scf.parallel
// CHECK: memref.store
func.func @nested(%x: memref<?x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %cst = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
      memref.store %cst, %x[%i, %j] : memref<?x4xf32>
    }
  }
  return
}

// -----

// A loop with a reduction stays on the host, as it was.
// CHECK-LABEL: func.func @reduction
// CHECK: scf.parallel
// CHECK-NOT: mapping
// CHECK: scf.reduce
// CHECK-NOT: mapping
func.func @reduction(%x: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %sum = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %sum : f32
}
