#pragma once
// For tests of expected failures: which deeptrace::Error an action throws.
#include <gtest/gtest.h>

#include <functional>

#include "core/errors.hpp"

namespace deeptrace::testing {

// Runs `action` and returns the code of the deeptrace::Error it throws; fails
// the current test if it throws nothing.
inline ErrorCode error_code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "expected a deeptrace::Error";
  return ErrorCode::INTERNAL;
}

}  // namespace deeptrace::testing
