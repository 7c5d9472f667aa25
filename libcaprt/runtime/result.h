// A value or a typed ABI error. The runtime never aborts on a kernel or
// message error; it hands the caller one of these instead.
#pragma once

#include <stdint.h>

#include "kernel-abi/abi.h"

namespace caprt {

using abi::Error;

// Short stable name of an error ("badSlot"), for log lines and test output.
const char* ErrorName(Error e);

// Converts a CQE status (0 or -Error) into an Error. A status outside the
// known range (a kernel newer than this runtime) maps to kErrorCount.
Error ErrorFromStatus(int32_t status);

template <typename T>
class Result {
 public:
  Result(T value) : value_(value), error_(Error::kOk) {}
  Result(Error error) : value_(), error_(error) {}

  bool ok() const { return error_ == Error::kOk; }
  Error error() const { return error_; }
  const T& value() const { return value_; }
  T& value() { return value_; }

 private:
  T value_;
  Error error_;
};

// Result<void>: just the error, kOk meaning success.
class Status {
 public:
  Status() : error_(Error::kOk) {}
  Status(Error error) : error_(error) {}
  bool ok() const { return error_ == Error::kOk; }
  Error error() const { return error_; }

 private:
  Error error_;
};

}  // namespace caprt
