// A policy with one account or profile for every login path, for the tests.
// Passwords use pwrecord::kMinIterations (the test policy's cost) so the
// suite stays fast.
#ifndef SERVICES_AUTHORITY_TEST_POLICY_H_
#define SERVICES_AUTHORITY_TEST_POLICY_H_

#include <initializer_list>

#include "services/authority/policy.h"
#include "services/lib/password-record/password_record.h"

namespace authority::testing {

inline constexpr char kAlicePassword[] = "correct horse battery";
inline constexpr char kBobPassword[] = "bob-secret";

Profile make_profile(const char* name, PrincipalClass suits, bool launcher,
                     std::initializer_list<BundleEntry> caps, bool retired = false);
BundleEntry entry(const char* name, CapKind kind, uint32_t rights);
Account make_account(const char* principal, PrincipalClass cls, AccountState state,
                     const char* password, std::initializer_list<const char*> profiles,
                     uint32_t iterations = pwrecord::kMinIterations);

// Accounts: alice (operator), bob (user; may also ask for "guest"/"old"),
// carol (disabled), dave (locked), erin (recoveryOnly), frank (user, no
// password), nobody (user, no profiles), guest (guest; may ask for "user"),
// anonymous. Profiles: operator, user, guest, anonymous, old (retired).
// Password cost: pwrecord::kMinIterations.
void build_test_policy(Policy* p);

}  // namespace authority::testing

#endif  // SERVICES_AUTHORITY_TEST_POLICY_H_
