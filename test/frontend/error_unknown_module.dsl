# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# The train block names a module that does not exist.
module MLP {
  fc = Linear(4, 2)
  def forward(x: f32[N, 4]) {
    return fc(x)
  }
}

train MPL {
  batch x: f32[N, 4]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_unknown_module.dsl:10:7: error: unknown module 'MPL'; did you mean 'MLP'?
# CHECK-NEXT: {{^}}train MPL {{{$}}
# CHECK-NEXT: {{^}}      ^~~{{$}}
