// <math.h> for the guest build of cJSON only: it needs fabs() to compare a
// printed number with its re-read value, and isnan/isinf to print NaN and
// infinities as null. Compiler builtins, so there is nothing to link; a
// general libm is not part of libcaprt.
#ifndef CAPRT_CSHIM_MATH_H_
#define CAPRT_CSHIM_MATH_H_

static inline double fabs(double x) {
  return __builtin_fabs(x);
}

#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
#define NAN __builtin_nan("")

#endif  // CAPRT_CSHIM_MATH_H_
