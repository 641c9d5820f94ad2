# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# With symbolic factors left over, -1 is their quotient: K / 2 here, whose
# exactness nothing can check at run time (it used to report, wrongly, that
# 1 is not divisible by 2).
module M {
  def forward(x: f32[N, K]) {
    return reshape(x, [N, -1, 2])
  }
}

# CHECK: {{.*}}error_reshape_infer_symbolic.dsl:7:23: error: cannot reshape f32[N, K] (K*N elements) to [N, -1, 2]: the -1 would be K/2, and the generated code cannot check that K is divisible by 2 at run time
# CHECK-NEXT: {{^}}    return reshape(x, [N, -1, 2]){{$}}
# CHECK-NEXT: {{^}}                      ^~~~~~~~~~{{$}}
