# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Members of a module are defined once.
module M {
  fc = Linear(4, 4)
  fc = Linear(4, 2)
  def forward(x: f32[N, 4]) {
    return fc(x)
  }
}

# CHECK: {{.*}}error_duplicate_member.dsl:5:3: error: duplicate definition of 'fc' in module 'M'
# CHECK-NEXT: {{^}}  fc = Linear(4, 2){{$}}
# CHECK-NEXT: {{^}}  ^~{{$}}
# CHECK: {{.*}}error_duplicate_member.dsl:4:3: note: previous definition is here
