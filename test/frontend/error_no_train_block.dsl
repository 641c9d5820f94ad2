# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Without a train block the last module must take no arguments.
module MLP(hidden: int) {
  fc = Linear(4, hidden)
  def forward(x: f32[N, 4]) {
    return fc(x)
  }
}

# CHECK: {{.*}}error_no_train_block.dsl:3:8: error: module 'MLP' takes arguments; add a train block such as 'train MLP(...) { ... }' to choose them
# CHECK-NEXT: {{^}}module MLP(hidden: int) {{{$}}
# CHECK-NEXT: {{^}}       ^~~{{$}}
