// libstdc++'s os_defines.h includes <features.h> and asks __GLIBC_PREREQ;
// there is no glibc in a guest, so every version check answers "no".
#ifndef CAPRT_FEATURES_H_
#define CAPRT_FEATURES_H_

#define __GLIBC_PREREQ(maj, min) 0

#endif  // CAPRT_FEATURES_H_
