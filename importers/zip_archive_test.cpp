#include "importers/zip_archive.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/test_util.h"
#include "model/errors.h"
#include "importers/xlsx_test_workbook.h"

using namespace usersync;

namespace {
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("an entry is inflated in chunks and counted, whatever the headers say") {
  test::TempDir dir;
  auto path = dir.path("a.zip");
  test::write_zip(path, {{"big.xml", std::string(3 << 20, ' ')}, {"small.xml", "<a/>"}});
  ZipArchive zip(path);
  CHECK(zip.read_all("SMALL.XML") == "<a/>");  // part names compare without case
  CHECK(zip.find("Small.xml") == "small.xml");
  CHECK_FALSE(zip.find("none.xml"));
  // 3 MiB of spaces compress about a thousandfold: past the ratio once past the floor.
  CHECK_THAT(error_of([&] { zip.read_all("big.xml"); }),
             Catch::Contains("(part big.xml): the part inflates more than 100 times its compressed size; refused as a "
                               "possible zip bomb"));
  ZipArchive sized(path, ZipLimits{10, 1000, 1 << 30, 1 << 20, 1 << 30});
  CHECK_THAT(error_of([&] { sized.read_all("big.xml"); }), Catch::Contains("inflates to more than 0 MiB"));
  ZipArchive counted(path, ZipLimits{10, 1 << 30, 2 << 20, 1 << 20, 1 << 30});
  CHECK_THAT(error_of([&] { counted.read_all("big.xml"); }), Catch::Contains("the workbook inflates to more than 2 MiB"));
  CHECK_THAT(error_of([&] { ZipArchive one(path, ZipLimits{1}); }),
             Catch::Contains("has 2 zip entries, more than the 1 a workbook needs"));
}

TEST_CASE("an entry named to climb out or start at the root refuses the whole archive") {
  test::TempDir dir;
  for (const std::string name : {"../../evil.txt", "/etc/evil", "a/../../b", "C:\\evil", "x\\..\\..\\y"}) {
    auto path = dir.path("bad.zip");
    test::write_zip(path, {{"ok.xml", "<a/>"}, {name, "x"}});
    CHECK_THAT(error_of([&] { ZipArchive zip(path); }),
               Catch::Contains("has an entry named '" + name + "', which is absolute or climbs out of its folder"));
  }
}

TEST_CASE("an archive in memory reads like a file, and a damaged one is refused") {
  test::TempDir dir;
  auto path = dir.path("a.zip");
  test::write_zip(path, {{"a.xml", "<a>hello</a>"}});
  std::string bytes = slurp(path);
  ZipArchive zip(bytes, "mem.xlsx");
  CHECK(zip.read_all("a.xml") == "<a>hello</a>");
  CHECK_THAT(error_of([&] { ZipArchive z(std::string_view(bytes).substr(0, bytes.size() / 2), "half.xlsx"); }),
             Catch::Contains("half.xlsx: "));
  auto half = dir.write("half.xlsx", bytes.substr(0, bytes.size() / 2));
  CHECK_THAT(error_of([&] { ZipArchive z(half); }), Catch::Contains("the workbook is damaged or cut short"));
}
