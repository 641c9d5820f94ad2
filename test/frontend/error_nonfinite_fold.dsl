# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Compile-time float arithmetic must stay finite; the -inf used to reach the
# parameter's initializer.
module M {
  param w: f32[3, 4] = uniform(-1e308 * 10.0, 0.0)
  def forward(x: f32[N, 4]) { return x }
}

# CHECK: {{.*}}error_nonfinite_fold.dsl:5:32: error: '*' of float -1e+308 and float 10 is not a finite number
# CHECK-NEXT: {{^}}  param w: f32[3, 4] = uniform(-1e308 * 10.0, 0.0){{$}}
# CHECK-NEXT: {{^}}                               ^~~~~~~~~~~~~{{$}}
