# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Each loop is under the unroll limit but nested they would run 10^10
# iterations: the compilation has a budget for all loops together.
module M {
  def forward(x: f32[N, 3]) {
    for i in 0..100000 {
      for j in 0..100000 {
        k = i + j
      }
    }
    return x
  }
}

# CHECK: {{.*}}error_unroll_budget.dsl:7:16: error: loops run more than 1000000 iterations in total (the budget for one compilation); are loops nested too deeply?
# CHECK-NEXT: {{^}}      for j in 0..100000 {{[{]$}}
# CHECK-NEXT: {{^}}               ^~~~~~~~~{{$}}
