# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# mse does not broadcast [N, 1] against [N].
module M {
  fc = Linear(4, 1)
  def forward(x: f32[N, 4]) {
    return fc(x)
  }
}

train M {
  batch x: f32[N, 4], y: f32[N]
  loss = mse(forward(x), y)
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_mse_shapes.dsl:12:10: error: mse of f32[N, 1] and f32[N]: shapes differ (mse does not broadcast)
# CHECK-NEXT: {{^}}  loss = mse(forward(x), y){{$}}
# CHECK-NEXT: {{^}}         ^~~~~~~~~~~~~~~~~~{{$}}
