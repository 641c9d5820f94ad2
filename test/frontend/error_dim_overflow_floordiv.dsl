# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# INT64_MIN // -1 does not fit in int64 (and used to die of SIGFPE).
module M(a: int = -9223372036854775807) {
  param w: f32[(a - 1) // -1] = zeros()
  def forward(x: f32[N, 3]) { return x }
}

# CHECK: {{.*}}error_dim_overflow_floordiv.dsl:4:16: error: dimension expression overflows int64 (-9223372036854775808 // -1)
# CHECK-NEXT: {{^}}  param w: f32[(a - 1) // -1] = zeros(){{$}}
# CHECK-NEXT: {{^}}               ^~~~~~~~~~~~~{{$}}
