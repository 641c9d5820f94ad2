# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# The declared return type is checked.
module M {
  fc = Linear(784, 128)
  def forward(x: f32[N, 784]) -> f32[N, 10] {
    return fc(x)
  }
}

# CHECK: {{.*}}error_return_type.dsl:6:12: error: 'M.forward' returns f32[N, 128] but is declared to return f32[N, 10]
# CHECK-NEXT: {{^}}    return fc(x){{$}}
# CHECK-NEXT: {{^}}           ^~~~~{{$}}
# CHECK: {{.*}}error_return_type.dsl:5:34: note: return type declared here
