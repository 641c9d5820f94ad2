# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Elementwise operands must broadcast.
module M {
  def forward(x: f32[N, 3], y: f32[N, 4]) {
    return x + y
  }
}

# CHECK: {{.*}}error_add_broadcast.dsl:5:12: error: cannot broadcast f32[N, 3] and f32[N, 4] in '+': dimensions 3 and 4 differ
# CHECK-NEXT: {{^}}    return x + y{{$}}
# CHECK-NEXT: {{^}}           ^~~~~{{$}}
