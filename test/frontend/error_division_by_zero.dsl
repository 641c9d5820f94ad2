# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Compile-time arithmetic is checked.
module M(d: int = 0) {
  param w: f32[4, 4 // d] = zeros()
  def forward(x: f32[N, 4]) {
    return x
  }
}

# CHECK: {{.*}}error_division_by_zero.dsl:4:19: error: division by zero
# CHECK-NEXT: {{^}}  param w: f32[4, 4 // d] = zeros(){{$}}
# CHECK-NEXT: {{^}}                  ^~~~~~{{$}}
