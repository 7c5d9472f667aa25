// LoadPolicy over real AuthorityPolicy messages: the catalog is decoded as
// hostile input like the rest, and any bad service refuses the whole policy.
#include "services/authority/policy_load.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "schema/authority.capnp.h"
#include "services/lib/client-cert/test_issuer.h"

namespace authority {
namespace {

namespace S = capos::schema;

std::vector<uint8_t> Bytes(capnp::MessageBuilder& b) {
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// What tools/policy-export writes for one catalog entry (see
// manifests/defaults/services.cue), before `edit`.
void FillService(S::ServiceProfile::Builder s, const std::string& name) {
  s.setName(name);
  s.setDescription("A text adventure");
  s.setWorkerBinary("adventure");
  s.setWorkerProfile("adventure-worker");
  auto c = s.initCompanions(1)[0];
  c.setBinary("adventure-npc");
  c.setLauncherProfile("adventure-npc");
  c.setCount(2);
  c.setShared(true);
  auto g = s.initGrants(1)[0];
  g.setName("console");
  g.setInterface("Console");
  g.setHolder(S::ServiceProfile::Holder::SERVICE_OWNED);
  g.setMove(true);
  auto e = s.initExports(1)[0];
  e.setCapName("adventure");
  e.setKind(S::CapKind::ADVENTURE);
  e.setRights(3);
  s.setPerSessionLimit(2);
  s.setSystemLimit(6);
  auto classes = s.initClasses(2);
  classes.set(0, S::PrincipalClass::USER);
  classes.set(1, S::PrincipalClass::OPERATOR);
}

// A policy with `count` services ("svc0", ...), each edited by `edit`.
std::vector<uint8_t> PolicyWith(unsigned count,
                                const std::function<void(S::ServiceProfile::Builder)>& edit) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<S::AuthorityPolicy>();
  p.setPasswordIterations(1000);
  p.setMotd("motd");
  auto services = p.initServices(count);
  for (unsigned i = 0; i < count; ++i) {
    FillService(services[i], "svc" + std::to_string(i));
    edit(services[i]);
  }
  return Bytes(b);
}

class PolicyLoadTest : public ::testing::Test {
 protected:
  // Into fresh tables each time: a refused policy leaves them unusable.
  bool Load(const std::vector<uint8_t>& m) {
    policy_ = Policy();
    catalog_ = Catalog();
    return LoadPolicy(m.data(), m.size(), &policy_, &catalog_, why_, sizeof(why_));
  }
  std::string Refusal(const std::function<void(S::ServiceProfile::Builder)>& edit) {
    EXPECT_FALSE(Load(PolicyWith(1, edit)));
    return why_;
  }
  Policy policy_;
  Catalog catalog_;
  char why_[96] = {};
};

TEST_F(PolicyLoadTest, LoadsTheCatalogAsWritten) {
  ASSERT_TRUE(Load(PolicyWith(2, [](S::ServiceProfile::Builder) {}))) << why_;
  ASSERT_EQ(catalog_.count(), 2u);
  const ServiceProfile& s = catalog_.at(1);
  EXPECT_EQ(s.name.view(), "svc1");
  EXPECT_EQ(s.description.view(), "A text adventure");
  EXPECT_EQ(s.worker_binary.view(), "adventure");
  EXPECT_EQ(s.worker_profile.view(), "adventure-worker");
  ASSERT_EQ(s.companion_count, 1u);
  EXPECT_EQ(s.companions[0].launcher_profile.view(), "adventure-npc");
  EXPECT_EQ(s.companions[0].count, 2u);
  EXPECT_TRUE(s.companions[0].shared);
  ASSERT_EQ(s.grant_count, 1u);
  EXPECT_EQ(s.grants[0].interface.view(), "Console");
  EXPECT_EQ(s.grants[0].holder, Holder::kServiceOwned);
  EXPECT_TRUE(s.grants[0].move);
  ASSERT_EQ(s.export_count, 1u);
  EXPECT_EQ(s.exports[0].kind, CapKind::kAdventure);
  EXPECT_EQ(s.exports[0].rights, rights::kRead | rights::kWrite);
  EXPECT_EQ(s.per_session_limit, 2u);
  EXPECT_EQ(s.system_limit, 6u);
  ASSERT_EQ(s.class_count, 2u);
  EXPECT_EQ(s.classes[1], PrincipalClass::kOperator);
}

TEST_F(PolicyLoadTest, NoServicesIsAnEmptyCatalog) {
  ASSERT_TRUE(Load(PolicyWith(0, [](S::ServiceProfile::Builder) {}))) << why_;
  EXPECT_EQ(catalog_.count(), 0u);
}

// The schema's defaults (1 per session, 8 in all) hold when the exporter
// leaves the limits out.
TEST_F(PolicyLoadTest, AbsentLimitsTakeTheSchemaDefaults) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<S::AuthorityPolicy>();
  p.setPasswordIterations(1000);
  auto s = p.initServices(1)[0];
  s.setName("adventure");
  s.setDescription("d");
  s.setWorkerBinary("adventure");
  s.setWorkerProfile("adventure-worker");
  s.initClasses(1).set(0, S::PrincipalClass::USER);
  ASSERT_TRUE(Load(Bytes(b))) << why_;
  EXPECT_EQ(catalog_.at(0).per_session_limit, 1u);
  EXPECT_EQ(catalog_.at(0).system_limit, 8u);
}

TEST_F(PolicyLoadTest, RefusesMoreThanEightServices) {
  EXPECT_TRUE(Load(PolicyWith(kMaxServices, [](S::ServiceProfile::Builder) {}))) << why_;
  EXPECT_FALSE(Load(PolicyWith(kMaxServices + 1, [](S::ServiceProfile::Builder) {})));
  EXPECT_STREQ(why_, "too many services");
}

TEST_F(PolicyLoadTest, RefusesGuestAndAnonymousClasses) {
  EXPECT_EQ(Refusal([](auto s) { s.getClasses().set(1, S::PrincipalClass::GUEST); }),
            "launcherForbidden");
  EXPECT_EQ(Refusal([](auto s) { s.getClasses().set(0, S::PrincipalClass::ANONYMOUS); }),
            "launcherForbidden");
  EXPECT_EQ(Refusal([](auto s) { s.getClasses().set(0, static_cast<S::PrincipalClass>(9)); }),
            "bad service class");
  EXPECT_EQ(Refusal([](auto s) { s.initClasses(0); }), "badLimit");
}

TEST_F(PolicyLoadTest, RefusesListsBeyondTheirBounds) {
  const std::string too_many = "too many service companions, grants, exports or classes";
  EXPECT_EQ(Refusal([](auto s) { s.initCompanions(kMaxCompanions + 1); }), too_many);
  EXPECT_EQ(Refusal([](auto s) { s.initGrants(kMaxServiceGrants + 1); }), too_many);
  EXPECT_EQ(Refusal([](auto s) { s.initExports(kMaxExports + 1); }), too_many);
  EXPECT_EQ(Refusal([](auto s) { s.initClasses(3); }), too_many);
}

TEST_F(PolicyLoadTest, RefusesBadNamesAndValues) {
  EXPECT_EQ(Refusal([](auto s) { s.setName("Adventure"); }), "bad service name");
  EXPECT_EQ(Refusal([](auto s) { s.setDescription("\x1b[2Jgone"); }), "bad service description");
  EXPECT_EQ(Refusal([](auto s) { s.setDescription(""); }), "bad service description");
  EXPECT_EQ(Refusal([](auto s) { s.setWorkerProfile("adventure worker"); }),
            "bad service worker binary or profile");
  EXPECT_EQ(Refusal([](auto s) { s.getGrants()[0].setInterface("console"); }),
            "bad service grant name or interface");
  EXPECT_EQ(Refusal([](auto s) {
              s.getGrants()[0].setHolder(static_cast<S::ServiceProfile::Holder>(3));
            }),
            "bad grant holder");
  EXPECT_EQ(Refusal([](auto s) { s.getExports()[0].setKind(S::CapKind::LAUNCHER); }), "badEnum");
  EXPECT_EQ(Refusal([](auto s) { s.getExports()[0].setKind(static_cast<S::CapKind>(40)); }),
            "bad export kind");
  EXPECT_EQ(Refusal([](auto s) { s.getExports()[0].setRights(16); }), "badEnum");
  EXPECT_EQ(Refusal([](auto s) { s.getCompanions()[0].setCount(0); }), "badLimit");
  EXPECT_EQ(Refusal([](auto s) { s.setSystemLimit(17); }), "badLimit");
  EXPECT_EQ(Refusal([](auto s) { s.setPerSessionLimit(5); }), "badLimit");
}

TEST_F(PolicyLoadTest, RefusesTwoServicesOfOneName) {
  EXPECT_FALSE(Load(PolicyWith(2, [](auto s) { s.setName("adventure"); })));
  EXPECT_STREQ(why_, "duplicate");
}

TEST_F(PolicyLoadTest, RefusesGarbage) {
  std::vector<uint8_t> junk = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_FALSE(Load(junk));
  EXPECT_STREQ(why_, "malformed policy message");
}

// AuthorityPolicy.clientCertificates: a CA that is not one, a required
// port or a denied serial that cannot be held, and a requirement without
// any CA are each a refusal of the whole policy; a good one loads.
class ClientCertsLoadTest : public PolicyLoadTest {
 protected:
  bool LoadCerts(const std::function<void(S::AuthorityPolicy::ClientCertificates::Builder)>& f) {
    capnp::MallocMessageBuilder b;
    auto p = b.initRoot<S::AuthorityPolicy>();
    p.setPasswordIterations(1000);
    f(p.initClientCertificates());
    policy_ = Policy();
    catalog_ = Catalog();
    certs_ = std::make_unique<client_cert::Policy>();
    std::vector<uint8_t> m = Bytes(b);
    return LoadPolicy(m.data(), m.size(), &policy_, &catalog_, why_, sizeof(why_), certs_.get());
  }
  void SetCa(S::AuthorityPolicy::ClientCertificates::Builder c, const std::vector<uint8_t>& der) {
    c.initCas(1).set(0, kj::arrayPtr(der.data(), der.size()));
  }
  client_cert_test::Issuer ca_{"load test CA"};
  std::unique_ptr<client_cert::Policy> certs_;
};

TEST_F(ClientCertsLoadTest, LoadsCaPortsAndSerials) {
  ASSERT_TRUE(ca_.ok());
  ASSERT_TRUE(LoadCerts([&](auto c) {
    SetCa(c, ca_.ca_der());
    c.initRequiredPorts(1).set(0, 2329);
    const kj::byte serial[] = {0x7e, 0x57};
    c.initDeniedSerials(1).set(0, kj::arrayPtr(serial, 2));
  })) << why_;
  EXPECT_EQ(certs_->ca_count(), 1u);
  EXPECT_TRUE(certs_->Requires(2329));
  const uint8_t serial[] = {0x7e, 0x57};
  EXPECT_TRUE(certs_->Denied(serial, 2));
}

TEST_F(ClientCertsLoadTest, RefusesWhatCannotBeHeld) {
  uint8_t point[65];
  std::vector<uint8_t> leaf = ca_.Leaf(client_cert_test::LeafSpec(), point);
  EXPECT_FALSE(LoadCerts([&](auto c) { SetCa(c, leaf); }));
  EXPECT_STREQ(why_, "a client CA is not a CA");
  EXPECT_FALSE(LoadCerts([&](auto c) { c.initRequiredPorts(1).set(0, 2329); }));
  EXPECT_STREQ(why_, "client certificates required without a client CA");
  EXPECT_FALSE(LoadCerts([&](auto c) {
    SetCa(c, ca_.ca_der());
    c.initRequiredPorts(1).set(0, 0);
  }));
  EXPECT_STREQ(why_, "bad client-certificate port");
  EXPECT_FALSE(LoadCerts([&](auto c) {
    SetCa(c, ca_.ca_der());
    std::vector<kj::byte> long_serial(21, 0x11);
    c.initDeniedSerials(1).set(0, kj::arrayPtr(long_serial.data(), long_serial.size()));
  }));
  EXPECT_STREQ(why_, "bad denied serial");
  EXPECT_FALSE(LoadCerts([&](auto c) { c.initRequiredPorts(9); }));
  EXPECT_STREQ(why_, "too many client CAs, required ports or denied serials");
}

}  // namespace
}  // namespace authority
