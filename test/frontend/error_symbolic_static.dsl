# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A symbolic dimension meeting a fixed size is refused at compile time: the
# generated code could not check it at run time.

module M() {
  def forward(a: f32[N], b: f32[3]) -> f32[3] {
    return a + b
  }
}

# CHECK: {{.*}}error_symbolic_static.dsl:7:12: error: cannot broadcast f32[N] and f32[3] in '+': dimensions N and 3 differ (symbolic N cannot be checked against 3 at run time; declare it as 3)
# CHECK-NEXT:     return a + b
# CHECK-NEXT:            ^~~~~
