#include "importers/text_source.h"

#include <catch2/catch.hpp>

#include "model/errors.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
std::string read_text(TextSource& src) {
  std::string out;
  while (src.read(out)) {
  }
  return out;
}
std::string utf16le(const std::u16string& s, bool bom = true) {
  std::string out = bom ? "\xFF\xFE" : "";
  for (char16_t c : s) out += static_cast<char>(c & 0xFF), out += static_cast<char>(c >> 8);
  return out;
}
}  // namespace

TEST_CASE("UTF-8 with and without BOM reads the same text") {
  test::TempDir dir;
  TextSource plain(dir.write("a.csv", "a,b\n"));
  TextSource bom(dir.write("b.csv",
                           "\xEF\xBB\xBF"
                           "a,b\n"));
  CHECK(read_text(plain) == "a,b\n");
  CHECK(read_text(bom) == "a,b\n");
  CHECK(plain.encoding() == "utf-8");
  CHECK(bom.encoding() == "utf-8-bom");
}

TEST_CASE("UTF-16 LE and BE with BOM decode to UTF-8, surrogate pairs included") {
  test::TempDir dir;
  TextSource le(dir.write("le.csv", utf16le(u"name\nZoë 😀\n")));
  CHECK(read_text(le) == "name\nZoë 😀\n");
  CHECK(le.encoding() == "utf-16le");
  std::string be = "\xFE\xFF";
  for (char16_t c : std::u16string(u"Jä")) be += static_cast<char>(c >> 8), be += static_cast<char>(c & 0xFF);
  TextSource bes(dir.write("be.csv", be));
  CHECK(read_text(bes) == "Jä");
}

TEST_CASE("an unpaired surrogate in UTF-16 is an error naming the line") {
  test::TempDir dir;
  std::u16string text = u"a\nb";
  text += char16_t(0xDC00);
  TextSource src(dir.write("bad.csv", utf16le(text)));
  REQUIRE_THROWS_AS(read_text(src), InputError);
  try {
    TextSource again(dir.path("bad.csv"));
    read_text(again);
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("bad.csv:2: invalid UTF-16: unpaired surrogate") != std::string::npos);
  }
}

TEST_CASE("UTF-16 without BOM is recognised and refused with advice") {
  test::TempDir dir;
  REQUIRE_THROWS_WITH(TextSource(dir.write("x.csv", utf16le(u"ab", false))),
                      Catch::Contains("looks like UTF-16 without a byte-order mark"));
}

TEST_CASE("a configured encoding that contradicts the BOM is refused") {
  test::TempDir dir;
  REQUIRE_THROWS_WITH(TextSource(dir.write("x.csv", utf16le(u"ab")), "utf-8"),
                      Catch::Contains("encoding is set to utf-8 but the file's byte-order mark says utf-16le"));
}

TEST_CASE("the checksum covers the raw bytes and is known after the last read") {
  test::TempDir dir;
  TextSource src(dir.write("a.csv", "abc"));
  read_text(src);
  // sha256("abc")
  CHECK(src.checksum() == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("peek does not consume") {
  test::TempDir dir;
  TextSource src(dir.write("a.csv", "a;b\n1;2\n"));
  CHECK(src.peek(3) == "a;b");
  CHECK(read_text(src) == "a;b\n1;2\n");
}
