# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Compile-time int arithmetic is checked for overflow: unary minus of
# INT64_MIN, and (in the second module) a power.
# RUN: not dlc %s --emit=mlir --train=pow 2>&1 | FileCheck %s --strict-whitespace --check-prefix=POW
module Neg(a: int = -9223372036854775807) {
  b = -(a - 1)
  def forward(x: f32[N, 3]) { return x }
}
module Pow(a: int = 3) {
  b = a ** 40 % 7
  def forward(x: f32[N, 3]) { return x }
}
train neg: Neg {
  batch x: f32[N, 3]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}
train pow: Pow {
  batch x: f32[N, 3]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_int_overflow.dsl:6:7: error: dimension expression overflows int64 (-(-9223372036854775808))
# CHECK-NEXT: {{^}}  b = -(a - 1){{$}}
# CHECK-NEXT: {{^}}      ^~~~~~~~{{$}}
# POW: {{.*}}error_int_overflow.dsl:10:7: error: dimension expression overflows int64 (3 ** 40)
# POW-NEXT: {{^}}  b = a ** 40 % 7{{$}}
# POW-NEXT: {{^}}      ^~~~~~~{{$}}
