# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Different symbolic dimensions do not meet.
module M {
  def forward(x: f32[N, 10]) {
    return x
  }
}

train M {
  batch x: f32[N, 10], y: i32[M]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_symbolic_mismatch.dsl:11:10: error: cross_entropy of logits f32[N, 10] and labels i32[M]: batch dimensions N and M differ
# CHECK-NEXT: {{^}}  loss = cross_entropy(forward(x), y){{$}}
# CHECK-NEXT: {{^}}         ^~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
