# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A return type may only use symbols that the arguments bind: M used to be
# bound to whatever was returned, so any result matched.
module M {
  def forward(x: f32[N, 4]) -> f32[M, 4] {
    return x
  }
}

# CHECK: {{.*}}error_return_type_unbound.dsl:6:12: error: 'M.forward' returns f32[N, 4] but is declared to return f32[M, 4]; symbolic dimension 'M' is not bound by the types of its arguments
# CHECK-NEXT: {{^}}    return x{{$}}
# CHECK-NEXT: {{^}}           ^{{$}}
# CHECK: {{.*}}error_return_type_unbound.dsl:5:32: note: return type declared here
