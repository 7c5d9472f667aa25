// A borrowed byte string (pointer + length) for the policy core. Not
// std::string_view: its header pulls <cwchar>, which the guest libc does not
// provide. Never owns; the referenced bytes must outlive it.
#ifndef SERVICES_AUTHORITY_TEXT_H_
#define SERVICES_AUTHORITY_TEXT_H_

#include <stddef.h>
#include <string.h>

namespace authority {

class Str {
 public:
  constexpr Str() = default;
  constexpr Str(const char* p, size_t n) : p_(p), n_(n) {}
  Str(const char* s) : p_(s), n_(strlen(s)) {}  // NOLINT: implicit by design
  // Any contiguous char container (std::string on the host).
  template <typename S, typename = decltype(static_cast<const S*>(nullptr)->data())>
  Str(const S& s) : p_(s.data()), n_(s.size()) {}  // NOLINT

  const char* data() const { return p_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  char operator[](size_t i) const { return p_[i]; }
  const char* begin() const { return p_; }
  const char* end() const { return p_ + n_; }

  friend bool operator==(Str a, Str b) {
    return a.n_ == b.n_ && (a.n_ == 0 || memcmp(a.p_, b.p_, a.n_) == 0);
  }
  friend bool operator!=(Str a, Str b) { return !(a == b); }

 private:
  const char* p_ = "";
  size_t n_ = 0;
};

}  // namespace authority

#endif  // SERVICES_AUTHORITY_TEXT_H_
