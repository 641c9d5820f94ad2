# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# The loss must be a scalar.
module M {
  fc = Linear(4, 1)
  def forward(x: f32[N, 4]) {
    return fc(x)
  }
}

train M {
  batch x: f32[N, 4], y: f32[N, 1]
  loss = (forward(x) - y) ** 2
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_loss_not_scalar.dsl:12:10: error: the loss must be a scalar, got f32[N, 1]; reduce it with mean(...) or sum(...)
# CHECK-NEXT: {{^}}  loss = (forward(x) - y) ** 2{{$}}
# CHECK-NEXT: {{^}}         ^~~~~~~~~~~~~~~~~~~~~{{$}}
