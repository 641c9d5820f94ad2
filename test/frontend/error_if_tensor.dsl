# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# if needs a compile-time bool.
module M {
  def forward(x: f32[N, 4]) {
    if x {
      return x
    }
    return -x
  }
}

# CHECK: {{.*}}error_if_tensor.dsl:5:8: error: 'if' needs a compile-time bool or 'training', got tensor f32[N, 4]
# CHECK-NEXT: {{^}}    if x {{{$}}
# CHECK-NEXT: {{^}}       ^{{$}}
