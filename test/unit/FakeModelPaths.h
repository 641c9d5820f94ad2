//===- FakeModelPaths.h - Where the build put the test model libraries ---===//
#ifndef DLC_TEST_UNIT_FAKEMODELPATHS_H
#define DLC_TEST_UNIT_FAKEMODELPATHS_H

// CMake passes these as compile definitions (see CMakeLists.txt).
#ifndef DLCRT_FAKE_MODEL
#error "DLCRT_FAKE_MODEL must name the fake model library"
#endif

namespace dlc::rt::test {

/// Inputs/FakeModel.c linked with the real shim.
inline const char *const FakeModelPath = DLCRT_FAKE_MODEL;
/// The same model claiming ABI version 99.
inline const char *const FakeModelAbi99Path = DLCRT_FAKE_MODEL_ABI99;
/// The same model with a param outside the state arena.
inline const char *const FakeModelBadOffsetPath = DLCRT_FAKE_MODEL_BAD_OFFSET;
/// The same model with an output symbol that no input binds.
inline const char *const FakeModelUnboundOutputPath =
    DLCRT_FAKE_MODEL_UNBOUND_OUTPUT;
/// The same model compiled for a CPU feature that no CPU has.
inline const char *const FakeModelFutureCpuPath = DLCRT_FAKE_MODEL_FUTURE_CPU;
/// A shared object without the model entry points.
inline const char *const NotAModelPath = DLCRT_NOT_A_MODEL;
/// Inputs/Trainable.dsl compiled by dlc: a model with a train block.
inline const char *const TrainableModelPath = DLCRT_TRAINABLE_MODEL;

} // namespace dlc::rt::test

#endif // DLC_TEST_UNIT_FAKEMODELPATHS_H
