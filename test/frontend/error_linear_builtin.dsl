# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# The linear builtin names input and weight shapes.
module M {
  param w: f32[10, 784] = zeros()
  def forward(x: f32[N, 785]) {
    return linear(x, w)
  }
}

# CHECK: {{.*}}error_linear_builtin.dsl:6:12: error: linear of f32[N, 785] and weight f32[10, 784]: input features 785 and 784 differ
# CHECK-NEXT: {{^}}    return linear(x, w){{$}}
# CHECK-NEXT: {{^}}           ^~~~~~~~~~~~{{$}}
