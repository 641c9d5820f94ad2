# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# List indices are checked.
module M {
  blocks = [Linear(4, 4) for i in 0..2]
  def forward(x: f32[N, 4]) {
    return blocks[2](x)
  }
}

# CHECK: {{.*}}error_list_index.dsl:6:19: error: index 2 is out of range for a list of 2 elements
# CHECK-NEXT: {{^}}    return blocks[2](x){{$}}
# CHECK-NEXT: {{^}}                  ^{{$}}
