// RUN: dlc-opt %s --split-input-file --verify-diagnostics --dlc-gpu-inline-constants | FileCheck %s

// A 0-d constant from bufferization, read in what becomes a kernel: the
// load becomes the constant itself, and the host-memory global is unused.
// CHECK-LABEL: func.func @scale
// CHECK-NOT: memref.get_global
// CHECK: scf.parallel
// CHECK: %[[C:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: arith.mulf %{{.*}}, %[[C]] : f32
memref.global "private" constant @__constant_xf32 : memref<f32> = dense<2.500000e-01>
func.func @scale(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  %g = memref.get_global @__constant_xf32 : memref<f32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = memref.load %g[] : memref<f32>
    %v = memref.load %x[%i] : memref<?xf32>
    %y = arith.mulf %v, %s : f32
    memref.store %y, %x[%i] : memref<?xf32>
  }
  return
}

// -----

// A splat handed to a kernel as memory (a Halide kernel's epilogue operand):
// a copy the function allocates (in managed memory, on the GPU) and frees.
// CHECK-LABEL: func.func @operand
// CHECK: %[[COPY:.*]] = memref.alloc() : memref<f32>
// CHECK: %[[C:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: memref.store %[[C]], %[[COPY]][] : memref<f32>
// CHECK: call @kernel(%{{.*}}, %[[COPY]])
// CHECK: memref.dealloc %[[COPY]] : memref<f32>
// CHECK-NEXT: return
memref.global "private" constant @__constant_xf32 : memref<f32> = dense<2.500000e-01>
func.func private @kernel(memref<?xf32>, memref<f32>)
func.func @operand(%x: memref<?xf32>) {
  %g = memref.get_global @__constant_xf32 : memref<f32>
  call @kernel(%x, %g) : (memref<?xf32>, memref<f32>) -> ()
  return
}

// -----

// A constant array is not a splat: a kernel would read it from host memory.
memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]>
func.func @lookup(%x: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %g = memref.get_global @table : memref<2xf32>
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    // expected-error @+1 {{a GPU kernel would read the constant 'table' from host memory; compile this model with --target=cpu}}
    %t = memref.load %g[%i] : memref<2xf32>
    memref.store %t, %x[%i] : memref<2xf32>
  }
  return
}

// -----

// A shape operand is read by the host code alone: it stays.
// CHECK-LABEL: func.func @reshape
// CHECK: memref.get_global @shape
// CHECK: memref.reshape
memref.global "private" constant @shape : memref<2xi64> = dense<[2, 3]>
func.func @reshape(%x: memref<6xf32>) -> memref<2x3xf32> {
  %s = memref.get_global @shape : memref<2xi64>
  %r = memref.reshape %x(%s) : (memref<6xf32>, memref<2xi64>) -> memref<2x3xf32>
  return %r : memref<2x3xf32>
}
