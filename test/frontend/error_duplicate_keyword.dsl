# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A keyword argument is given once.
module M {
  def forward(x: f32[N, 10]) {
    return softmax(x, axis = 1, axis = 0)
  }
}

# CHECK: {{.*}}error_duplicate_keyword.dsl:5:33: error: argument 'axis' of 'softmax' is given twice
# CHECK-NEXT: {{^}}    return softmax(x, axis = 1, axis = 0){{$}}
# CHECK-NEXT: {{^}}                                ^~~~{{$}}
