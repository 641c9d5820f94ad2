# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A symbolic element count cannot meet a fixed one: the generated code does
# not check reshape's element count at run time, so [N, 4] to [8, 4] would
# read past the input whenever N is not 8.
module M {
  def forward(x: f32[N, 4]) -> f32[8, 4] {
    return reshape(x, [8, 4])
  }
}

# CHECK: {{.*}}error_reshape_symbolic_static.dsl:7:23: error: cannot reshape f32[N, 4] (4*N elements) to [8, 4] (32 elements): element count 4*N cannot be checked against 32 at run time; declare N as 8
# CHECK-NEXT: {{^}}    return reshape(x, [8, 4]){{$}}
# CHECK-NEXT: {{^}}                      ^~~~~~{{$}}
