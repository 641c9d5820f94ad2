# RUN: dlc %s --emit=mlir --mlir-print-debuginfo | FileCheck %s
# Every op carries the DSL location of the expression it came from; ops of an
# inlined std layer carry the user's call site.

module M() {
  fc = Linear(4, 2)
  def forward(x: f32[N, 4]) -> f32[N, 2] {
    h = fc(x)
    return relu(h)
  }
}

# CHECK: dlc.linear {{.*}} loc(#[[CALL:loc[0-9]*]])
# CHECK: dlc.relu {{.*}} loc(#[[RELU:loc[0-9]*]])
# CHECK-DAG: #[[CALL]] = loc("{{.*}}mlirgen_locations.dsl":8:9)
# CHECK-DAG: #[[RELU]] = loc("{{.*}}mlirgen_locations.dsl":9:12)
