// RUN: dlc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(dlc-write-state-in-place))" | FileCheck %s

// An optimizer update, elementwise, after a read of the old value: the new
// value is computed in the slot; the buffer and the copy go.
#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @update
// CHECK-SAME: (%[[STATE:.*]]: memref<?xi8>, %[[G:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>)
// CHECK: %[[SLOT:.*]] = memref.view %[[STATE]]
// CHECK-NOT: memref.alloc
// CHECK: memref.copy %[[SLOT]], %[[OUT]]
// CHECK: linalg.generic {{.*}} ins(%[[SLOT]], %[[G]] : memref<16xf32>, memref<16xf32>) outs(%[[SLOT]] : memref<16xf32>)
// CHECK-NOT: memref.copy
// CHECK: return
func.func @update(%state: memref<?xi8>, %g: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %slot = memref.view %state[%c0][] : memref<?xi8> to memref<16xf32>
  %new = memref.alloc() : memref<16xf32>
  memref.copy %slot, %out : memref<16xf32> to memref<16xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%slot, %g : memref<16xf32>, memref<16xf32>) outs(%new : memref<16xf32>) {
  ^bb0(%w: f32, %d: f32, %o: f32):
    %s = arith.subf %w, %d : f32
    linalg.yield %s : f32
  }
  memref.copy %new, %slot : memref<16xf32> to memref<16xf32>
  memref.dealloc %new : memref<16xf32>
  return
}

// -----

// The old value is read after the new one is first written (a momentum
// buffer read again by a fused update): the copy stays.
#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @read_after_write
// CHECK: %[[NEW:.*]] = memref.alloc
// CHECK: memref.copy %[[NEW]], %{{.*}}
func.func @read_after_write(%state: memref<?xi8>, %g: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %slot = memref.view %state[%c0][] : memref<?xi8> to memref<16xf32>
  %new = memref.alloc() : memref<16xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%slot, %g : memref<16xf32>, memref<16xf32>) outs(%new : memref<16xf32>) {
  ^bb0(%v: f32, %d: f32, %o: f32):
    %s = arith.addf %v, %d : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%slot : memref<16xf32>) outs(%out : memref<16xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  memref.copy %new, %slot : memref<16xf32> to memref<16xf32>
  memref.dealloc %new : memref<16xf32>
  return
}

// -----

// The writer reads the old value at another index (a transpose): in place
// it would read what it has already overwritten. The copy stays.
#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-LABEL: func.func @transposed
// CHECK: %[[NEW:.*]] = memref.alloc
// CHECK: memref.copy %[[NEW]], %{{.*}}
func.func @transposed(%state: memref<?xi8>) {
  %c0 = arith.constant 0 : index
  %slot = memref.view %state[%c0][] : memref<?xi8> to memref<4x4xf32>
  %new = memref.alloc() : memref<4x4xf32>
  linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]} ins(%slot : memref<4x4xf32>) outs(%new : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  memref.copy %new, %slot : memref<4x4xf32> to memref<4x4xf32>
  memref.dealloc %new : memref<4x4xf32>
  return
}
