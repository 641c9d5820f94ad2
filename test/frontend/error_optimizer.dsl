# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Optimizer hyper-parameters are validated.
module M {
  def forward(x: f32[N, 4]) {
    return x
  }
}

train M {
  batch x: f32[N, 4]
  loss = mean(forward(x))
  optimizer = adam(lr = 0.1, beta1 = 1.5)
}

# CHECK: {{.*}}error_optimizer.dsl:12:30: error: invalid value float 1.5 for 'beta1' of 'adam'
# CHECK-NEXT: {{^}}  optimizer = adam(lr = 0.1, beta1 = 1.5){{$}}
# CHECK-NEXT: {{^}}                             ^~~~~{{$}}
