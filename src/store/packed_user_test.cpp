#include "store/packed_user.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
SourceUser full_user() {
  SourceUser u;
  u.username = "zoë.müller";
  u.attrs.set("email", "zoe@example.com");
  u.attrs.set("display_name", std::string(300, 'x'));  // a length that needs two bytes
  u.attrs.set("note", std::string("nul\0inside", 10));
  u.attrs.set("cleared", "");
  u.active = false;
  u.groups = std::vector<std::string>{"Staff", "Ünïcode; with separator"};
  u.skip = true;
  u.reasons = {"skipped_by_rule"};
  u.errors = {"last_login: '14 Dcm' is not a date"};
  return u;
}
void check_same(const SourceUser& a, const SourceUser& b) {
  CHECK(a.username == b.username);
  CHECK(a.attrs == b.attrs);
  CHECK(a.active == b.active);
  CHECK(a.groups == b.groups);
  CHECK(a.skip == b.skip);
  CHECK(a.reasons == b.reasons);
  CHECK(a.errors == b.errors);
}
}  // namespace

TEST_CASE("a staged user packs and unpacks to the same value", "[packed_user]") {
  auto u = full_user();
  check_same(unpack_source_user(pack_source_user(u)), u);

  SourceUser bare;  // nothing said: active and groups stay unknown, not false and empty
  bare.username = "ann";
  auto back = unpack_source_user(pack_source_user(bare));
  check_same(back, bare);
  CHECK_FALSE(back.active.has_value());
  CHECK_FALSE(back.groups.has_value());

  SourceUser no_groups = bare;
  no_groups.groups = std::vector<std::string>{};  // a source that maps groups and lists none
  no_groups.active = true;
  back = unpack_source_user(pack_source_user(no_groups));
  REQUIRE(back.groups.has_value());
  CHECK(back.groups->empty());
  CHECK(back.active == std::optional<bool>(true));
}

TEST_CASE("a damaged blob is refused, never read past its end", "[packed_user]") {
  auto blob = pack_source_user(full_user());
  for (std::size_t cut = 0; cut < blob.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_THROWS_WITH(unpack_source_user(std::string_view(blob).substr(0, cut)),
                      Catch::Contains("damaged") && Catch::Contains("restore it from a backup"));
  }
  CHECK_THROWS_WITH(unpack_source_user(blob + "x"), Catch::Contains("bytes follow"));
  auto other = blob;
  other[0] = 9;
  CHECK_THROWS_WITH(unpack_source_user(other), Catch::Contains("another version"));
  // A length far beyond the blob is refused before anything is allocated for it.
  std::string huge = std::string("\x01\x00", 2) + "\xff\xff\xff\xff\xff\xff\xff\xff\x7f";
  CHECK_THROWS_WITH(unpack_source_user(huge), Catch::Contains("username"));
}
