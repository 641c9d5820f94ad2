# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A literal beyond the range of f64 used to be read as inf.
module M {
  param w: f32[3, 4] = uniform(1e400, 1e401)
  def forward(x: f32[N, 4]) { return x }
}

# CHECK: {{.*}}error_nonfinite_literal.dsl:4:32: error: number literal '1e400' is too large for a 64-bit float
# CHECK-NEXT: {{^}}  param w: f32[3, 4] = uniform(1e400, 1e401){{$}}
# CHECK-NEXT: {{^}}                               ^~~~~{{$}}
