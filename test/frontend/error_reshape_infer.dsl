# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# reshape with -1 needs a divisible count.
module M {
  def forward(x: f32[N, 784]) {
    return reshape(x, [N, -1, 5])
  }
}

# CHECK: {{.*}}error_reshape_infer.dsl:5:23: error: cannot reshape f32[N, 784] (784*N elements) to [N, -1, 5]: 784 is not divisible by 5
# CHECK-NEXT: {{^}}    return reshape(x, [N, -1, 5]){{$}}
# CHECK-NEXT: {{^}}                      ^~~~~~~~~~{{$}}
