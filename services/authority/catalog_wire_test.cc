// The serviceCatalog results as the authority encodes them: every field
// round-trips, and a catalog at every bound fits kServiceCatalogBytes.
#include "services/authority/catalog_wire.h"

#include <capnp/message.h>
#include <gtest/gtest.h>

#include <vector>

#include "libcaprt/capnp_glue.h"
#include "services/authority/test_catalog.h"

namespace authority {
namespace {

namespace S = capos::schema;
using Results = S::AuthorityBroker::ServiceCatalogResults;

// Encodes as Service::ServiceCatalog does, into a reply buffer of `cap` bytes.
caprt::EncodeResult Encode(const Catalog& c, std::vector<uint8_t>* out, size_t cap) {
  out->assign(cap, 0);
  capnp::MallocMessageBuilder b;
  FillServiceCatalog(c, b.initRoot<Results>());
  caprt::EncodeResult r = caprt::EncodeMessage(b, out->data(), out->size());
  out->resize(r.error == abi::Error::kOk ? r.length : 0);
  return r;
}

std::string ToString(capnp::Text::Reader t) {
  return std::string(t.begin(), t.size());
}

TEST(CatalogWireTest, EveryFieldRoundTrips) {
  Catalog c;
  ASSERT_EQ(c.add(testing::make_service("adventure")), PolicyError::kOk);
  ASSERT_EQ(c.add(testing::make_full_service(1)), PolicyError::kOk);
  std::vector<uint8_t> bytes;
  ASSERT_EQ(Encode(c, &bytes, kServiceCatalogBytes).error, abi::Error::kOk);
  caprt::DecodeResult d =
      caprt::Decode<Results>(bytes.data(), bytes.size(), [&](Results::Reader r) {
        auto list = r.getServices();
        ASSERT_EQ(list.size(), 2u);
        for (unsigned i = 0; i < list.size(); ++i) {
          const ServiceProfile& want = c.at(i);
          auto got = list[i];
          EXPECT_EQ(ToString(got.getName()), std::string(want.name.text));
          EXPECT_EQ(ToString(got.getDescription()), std::string(want.description.text));
          EXPECT_EQ(ToString(got.getWorkerBinary()), std::string(want.worker_binary.text));
          EXPECT_EQ(ToString(got.getWorkerProfile()), std::string(want.worker_profile.text));
          ASSERT_EQ(got.getCompanions().size(), want.companion_count);
          for (unsigned j = 0; j < want.companion_count; ++j) {
            auto gc = got.getCompanions()[j];
            EXPECT_EQ(ToString(gc.getBinary()), std::string(want.companions[j].binary.text));
            EXPECT_EQ(ToString(gc.getLauncherProfile()),
                      std::string(want.companions[j].launcher_profile.text));
            EXPECT_EQ(gc.getCount(), want.companions[j].count);
            EXPECT_EQ(gc.getShared(), want.companions[j].shared);
          }
          ASSERT_EQ(got.getGrants().size(), want.grant_count);
          for (unsigned j = 0; j < want.grant_count; ++j) {
            auto gg = got.getGrants()[j];
            EXPECT_EQ(ToString(gg.getName()), std::string(want.grants[j].name.text));
            EXPECT_EQ(ToString(gg.getInterface()), std::string(want.grants[j].interface.text));
            EXPECT_EQ(static_cast<int>(gg.getHolder()), static_cast<int>(want.grants[j].holder));
            EXPECT_EQ(gg.getMove(), want.grants[j].move);
          }
          ASSERT_EQ(got.getExports().size(), want.export_count);
          for (unsigned j = 0; j < want.export_count; ++j) {
            auto ge = got.getExports()[j];
            EXPECT_EQ(ToString(ge.getCapName()), std::string(want.exports[j].cap_name.text));
            EXPECT_EQ(static_cast<int>(ge.getKind()), static_cast<int>(want.exports[j].kind));
            EXPECT_EQ(ge.getRights(), want.exports[j].rights);
          }
          EXPECT_EQ(got.getPerSessionLimit(), want.per_session_limit);
          EXPECT_EQ(got.getSystemLimit(), want.system_limit);
          ASSERT_EQ(got.getClasses().size(), want.class_count);
          for (unsigned j = 0; j < want.class_count; ++j) {
            EXPECT_EQ(static_cast<int>(got.getClasses()[j]), static_cast<int>(want.classes[j]));
          }
        }
      });
  EXPECT_TRUE(d.ok()) << d.detail;
}

// The schema's enum numbering is what the casts in catalog_wire.cc rely on.
TEST(CatalogWireTest, EnumNumberingMatchesTheSchema) {
  EXPECT_EQ(static_cast<int>(S::CapKind::ADVENTURE), static_cast<int>(CapKind::kAdventure));
  EXPECT_EQ(static_cast<int>(S::CapKind::PAPERCLIPS), static_cast<int>(CapKind::kPaperclips));
  EXPECT_EQ(static_cast<int>(S::CapKind::TERMINAL), static_cast<int>(CapKind::kTerminal));
  EXPECT_EQ(static_cast<int>(S::ServiceProfile::Holder::CLIENT_FACET),
            static_cast<int>(Holder::kClientFacet));
  EXPECT_EQ(static_cast<int>(S::PrincipalClass::OPERATOR),
            static_cast<int>(PrincipalClass::kOperator));
}

TEST(CatalogWireTest, AFullCatalogFitsTheReplyBuffer) {
  Catalog c;
  for (int i = 0; i < static_cast<int>(kMaxServices); ++i) {
    ASSERT_EQ(c.add(testing::make_full_service(i)), PolicyError::kOk);
  }
  std::vector<uint8_t> bytes;
  caprt::EncodeResult r = Encode(c, &bytes, kServiceCatalogBytes);
  ASSERT_EQ(r.error, abi::Error::kOk) << "needs " << r.length << " bytes";
  EXPECT_LE(r.length, abi::kMaxMessageBytes);
  // Not grossly oversized either: the buffer is static in the guest.
  EXPECT_GT(r.length, kServiceCatalogBytes / 2) << r.length;
}

TEST(CatalogWireTest, AnEmptyCatalogIsAnEmptyList) {
  std::vector<uint8_t> bytes;
  ASSERT_EQ(Encode(Catalog(), &bytes, 64).error, abi::Error::kOk);
  caprt::DecodeResult d = caprt::Decode<Results>(
      bytes.data(), bytes.size(), [](Results::Reader r) { EXPECT_EQ(r.getServices().size(), 0u); });
  EXPECT_TRUE(d.ok());
}

}  // namespace
}  // namespace authority
