# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# for ranges are compile-time.
module M {
  def forward(x: f32[N, 4]) {
    for i in 0..N {
      x = relu(x)
    }
    return x
  }
}

# CHECK: {{.*}}error_range_bounds.dsl:5:17: error: range bounds must be compile-time ints, got symbolic dimension N
# CHECK-NEXT: {{^}}    for i in 0..N {{{$}}
# CHECK-NEXT: {{^}}                ^{{$}}
