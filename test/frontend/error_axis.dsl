# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Axes are checked against the rank.
module M {
  def forward(x: f32[N, 10]) {
    return sum(x, axis = -3)
  }
}

# CHECK: {{.*}}error_axis.dsl:5:19: error: axis -3 is out of range for f32[N, 10] (rank 2)
# CHECK-NEXT: {{^}}    return sum(x, axis = -3){{$}}
# CHECK-NEXT: {{^}}                  ^~~~{{$}}
