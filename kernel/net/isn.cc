#include "kernel/net/isn.h"

namespace isn {
namespace {

inline uint64_t Rotl(uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

struct State {
  uint64_t v0, v1, v2, v3;
  void Round() {
    v0 += v1;
    v1 = Rotl(v1, 13);
    v1 ^= v0;
    v0 = Rotl(v0, 32);
    v2 += v3;
    v3 = Rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = Rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = Rotl(v1, 17);
    v1 ^= v2;
    v2 = Rotl(v2, 32);
  }
  void Absorb(uint64_t m) {
    v3 ^= m;
    Round();
    Round();
    v0 ^= m;
  }
};

uint64_t Load64(const uint8_t* p, uint64_t n) {
  uint64_t m = 0;
  for (uint64_t i = 0; i < n; i++) m |= uint64_t(p[i]) << (8 * i);
  return m;
}

}  // namespace

uint64_t SipHash24(const Key& key, const void* data, uint64_t len) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  State s{key.k0 ^ 0x736f6d6570736575ull, key.k1 ^ 0x646f72616e646f6dull,
          key.k0 ^ 0x6c7967656e657261ull, key.k1 ^ 0x7465646279746573ull};
  uint64_t whole = len & ~uint64_t{7};
  for (uint64_t i = 0; i < whole; i += 8) s.Absorb(Load64(p + i, 8));
  s.Absorb(Load64(p + whole, len - whole) | (len << 56));
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; i++) s.Round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint32_t Compute(const Key& key, uint32_t local_ip, uint16_t local_port, uint32_t remote_ip,
                 uint16_t remote_port, uint64_t usec) {
  uint8_t tuple[12];
  for (int i = 0; i < 4; i++) {
    tuple[i] = uint8_t(local_ip >> (8 * i));
    tuple[4 + i] = uint8_t(remote_ip >> (8 * i));
  }
  tuple[8] = uint8_t(local_port);
  tuple[9] = uint8_t(local_port >> 8);
  tuple[10] = uint8_t(remote_port);
  tuple[11] = uint8_t(remote_port >> 8);
  uint32_t m = uint32_t(usec / 4);  // RFC 793's 4 µs clock
  return m + uint32_t(SipHash24(key, tuple, sizeof(tuple)));
}

}  // namespace isn
