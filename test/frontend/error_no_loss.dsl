# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A train block needs a loss.
module M {
  def forward(x: f32[N, 4]) {
    return x
  }
}

train M {
  batch x: f32[N, 4]
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_no_loss.dsl:9:7: error: train block of 'M' has no 'loss = ...' line
# CHECK-NEXT: {{^}}train M {{{$}}
# CHECK-NEXT: {{^}}      ^{{$}}
