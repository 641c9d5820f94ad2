# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Dimension arithmetic that overflows int64 is an error, not a wrapped size.
module M(h: int = 3037000500) {
  param w: f32[h * h] = zeros()
  def forward(x: f32[N, 3]) { return x }
}

# CHECK: {{.*}}error_dim_overflow.dsl:4:16: error: dimension expression overflows int64 (3037000500 * 3037000500)
# CHECK-NEXT: {{^}}  param w: f32[h * h] = zeros(){{$}}
# CHECK-NEXT: {{^}}               ^~~~~{{$}}
