# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Unknown names are reported with the closest visible name.
module MLP(hidden: int) {
  fc1 = Linear(784, hiden)
  def forward(x: f32[N, 784]) {
    return fc1(x)
  }
}

train MLP(128) {
  batch x: f32[N, 784]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_unknown_name.dsl:4:21: error: unknown name 'hiden'; did you mean 'hidden'?
# CHECK-NEXT: {{^}}  fc1 = Linear(784, hiden){{$}}
# CHECK-NEXT: {{^}}                    ^~~~~{{$}}
