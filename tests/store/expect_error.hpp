#pragma once
// Asserts that `fn` throws deeptrace::Error with `code`.
#include <gtest/gtest.h>

#include <functional>

#include "core/errors.hpp"

namespace deeptrace::testing {

inline void expect_error(ErrorCode code, const std::function<void()>& fn) {
  try {
    fn();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
  }
}

}  // namespace deeptrace::testing
