# RUN: dlc %s --emit=ast | FileCheck %s
# Module declarations: compile-time arguments with types and defaults,
# submodules, submodule lists, params, buffers, defs with typed arguments and
# an optional return type, and if around declarations.

module Block(dim: int, scale: float = 0.5, bias = true) {
  fc = Linear(dim, dim * 4, bias = bias)
  layers = [Linear(dim, dim) for i in 0..depth]
  param gamma: f32[dim] = ones()
  buffer count: i64[] = zeros()
  if bias {
    param beta: f32[dim] = uniform(-1.0, 1e-5)
  }

  def forward(x: f32[N, T, dim], mask: bool[T, T]) -> f32[N, T, dim] {
    return x
  }

  def helper(x: f32[..., dim // 2 + 1], k: int) {
    return x
  }
}

# CHECK:      Program @1:1
# CHECK-NEXT:   Module Block @6:8
# CHECK-NEXT:     Arg dim: int @6:14
# CHECK-NEXT:     Arg scale: float @6:24
# CHECK-NEXT:       Default @6:39
# CHECK-NEXT:         Float 0.5 @6:39
# CHECK-NEXT:     Arg bias @6:44
# CHECK-NEXT:       Default @6:51
# CHECK-NEXT:         Bool true @6:51
# CHECK-NEXT:     Assign fc @7:3
# CHECK-NEXT:       Call @7:8
# CHECK-NEXT:         Name Linear @7:8
# CHECK-NEXT:         Name dim @7:15
# CHECK-NEXT:         Binary * @7:20
# CHECK-NEXT:           Name dim @7:20
# CHECK-NEXT:           Int 4 @7:26
# CHECK-NEXT:         Keyword bias @7:29
# CHECK-NEXT:           Name bias @7:36
# CHECK-NEXT:     Assign layers @8:3
# CHECK-NEXT:       ListComp i @8:12
# CHECK-NEXT:         Range @8:39
# CHECK-NEXT:           Int 0 @8:39
# CHECK-NEXT:           Name depth @8:42
# CHECK-NEXT:         Call @8:13
# CHECK-NEXT:           Name Linear @8:13
# CHECK-NEXT:           Name dim @8:20
# CHECK-NEXT:           Name dim @8:25
# CHECK-NEXT:     Param gamma @9:3
# CHECK-NEXT:       Type f32 @9:16
# CHECK-NEXT:         Name dim @9:20
# CHECK-NEXT:       Init @9:27
# CHECK-NEXT:         Call @9:27
# CHECK-NEXT:           Name ones @9:27
# CHECK-NEXT:     Buffer count @10:3
# CHECK-NEXT:       Type i64 @10:17
# CHECK-NEXT:       Init @10:25
# CHECK-NEXT:         Call @10:25
# CHECK-NEXT:           Name zeros @10:25
# CHECK-NEXT:     If @11:3
# CHECK-NEXT:       Name bias @11:6
# CHECK-NEXT:       Then @11:3
# CHECK-NEXT:         Param beta @12:5
# CHECK-NEXT:           Type f32 @12:17
# CHECK-NEXT:             Name dim @12:21
# CHECK-NEXT:           Init @12:28
# CHECK-NEXT:             Call @12:28
# CHECK-NEXT:               Name uniform @12:28
# CHECK-NEXT:               Unary - @12:36
# CHECK-NEXT:                 Float 1 @12:37
# CHECK-NEXT:               Float 1e-05 @12:42
# CHECK-NEXT:     Def forward @15:3
# CHECK-NEXT:       Arg x: f32[3 dims] @15:15
# CHECK-NEXT:         Type f32 @15:18
# CHECK-NEXT:           Name N @15:22
# CHECK-NEXT:           Name T @15:25
# CHECK-NEXT:           Name dim @15:28
# CHECK-NEXT:       Arg mask: bool[2 dims] @15:34
# CHECK-NEXT:         Type bool @15:40
# CHECK-NEXT:           Name T @15:45
# CHECK-NEXT:           Name T @15:48
# CHECK-NEXT:       Returns @15:55
# CHECK-NEXT:         Type f32 @15:55
# CHECK-NEXT:           Name N @15:59
# CHECK-NEXT:           Name T @15:62
# CHECK-NEXT:           Name dim @15:65
# CHECK-NEXT:       Return @16:5
# CHECK-NEXT:         Name x @16:12
# CHECK-NEXT:     Def helper @19:3
# CHECK-NEXT:       Arg x: f32[2 dims] @19:14
# CHECK-NEXT:         Type f32 @19:17
# CHECK-NEXT:           Ellipsis @19:21
# CHECK-NEXT:           Binary + @19:26
# CHECK-NEXT:             Binary // @19:26
# CHECK-NEXT:               Name dim @19:26
# CHECK-NEXT:               Int 2 @19:33
# CHECK-NEXT:             Int 1 @19:37
# CHECK-NEXT:       Arg k: int @19:41
# CHECK-NEXT:       Return @20:5
# CHECK-NEXT:         Name x @20:12
