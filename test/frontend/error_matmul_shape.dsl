# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Inner dimensions of a matmul must agree; both shapes are named.
module M {
  param w: f32[785, 128] = zeros()
  def forward(x: f32[N, 784]) {
    return x @ w
  }
}

# CHECK: {{.*}}error_matmul_shape.dsl:6:12: error: matmul of f32[N, 784] and f32[785, 128]: inner dimensions 784 and 785 differ
# CHECK-NEXT: {{^}}    return x @ w{{$}}
# CHECK-NEXT: {{^}}           ^~~~~{{$}}
