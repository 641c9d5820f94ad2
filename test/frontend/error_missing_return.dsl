# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Every def ends with a return.
module M {
  def forward(x: f32[N, 10]) {
    y = relu(x)
  }
}

# CHECK: {{.*}}error_missing_return.dsl:6:3: error: missing return at the end of def 'forward' in module 'M'
# CHECK-NEXT: {{^}}  }{{$}}
# CHECK-NEXT: {{^}}  ^{{$}}
