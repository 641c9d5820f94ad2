# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Nesting depth is bounded, but a module holding two copies of itself makes
# 2^depth instances: the compilation has a budget for them.
module A(n: int) {
  if n > 0 {
    a = A(n - 1)
    b = A(n - 1)
  }
  param w: f32[1] = zeros()
  def forward(x: f32[N, 3]) { return x }
}
module M {
  r = A(28)
  def forward(x: f32[N, 3]) { return r(x) }
}

# CHECK: {{.*}}error_module_instances.dsl:6:5: error: the model holds more than 10000 module instances (the budget for one compilation); does 'A' instantiate itself more than once?
# CHECK-NEXT: {{^}}    a = A(n - 1){{$}}
# CHECK-NEXT: {{^}}    ^{{$}}
