#include "importers/source_files.h"

#include <catch2/catch.hpp>

#include "model/checksum.h"
#include "tests/test_util.h"

using namespace usersync;

TEST_CASE("a file is itself, its checksum is the file's, as before folders were read", "[source_files]") {
  test::TempDir dir;
  auto f = dir.write("people.csv", "a\n1\n");
  CHECK(source_files(f, false) == std::vector<std::string>{f});
  CHECK(sources_checksum(f, {f}) == file_sha256(f));
}

TEST_CASE("a folder is its regular files, sorted, hidden files left out", "[source_files]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path("dump/sub"));
  dir.write("dump/users-page-2.json", "[]");
  dir.write("dump/users-page-1.json", "[]");
  dir.write("dump/.DS_Store", "x");
  auto files = source_files(dir.path("dump"), true);
  CHECK(files == std::vector<std::string>{dir.path("dump/users-page-1.json"), dir.path("dump/users-page-2.json")});
}

TEST_CASE("a folder's checksum changes when a file is added, renamed or changed", "[source_files]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path("d"));
  dir.write("d/a.json", "[1]");
  auto sum = [&] { return sources_checksum(dir.path("d"), source_files(dir.path("d"), true)); };
  auto first = sum();
  CHECK(sum() == first);
  dir.write("d/b.json", "[]");
  auto added = sum();
  CHECK(added != first);
  std::filesystem::rename(dir.path("d/b.json"), dir.path("d/c.json"));
  CHECK(sum() != added);
  auto renamed = sum();
  dir.write("d/c.json", "[2]");
  CHECK(sum() != renamed);
}

TEST_CASE("a glob names its matches", "[source_files]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path("x"));
  dir.write("x/one.ldif", "");
  dir.write("x/two.ldif", "");
  dir.write("x/notes.txt", "");
  CHECK(source_files(dir.path("x/*.ldif"), true) ==
        std::vector<std::string>{dir.path("x/one.ldif"), dir.path("x/two.ldif")});
  CHECK_THROWS_WITH(source_files(dir.path("x/*.csv"), true), Catch::Contains("matches no file"));
}

TEST_CASE("a one-file format refuses a folder or a pattern, and nothing is nothing", "[source_files]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path("d"));
  dir.write("d/a.csv", "a\n");
  CHECK_THROWS_WITH(source_files(dir.path("d"), false), Catch::Contains("this format reads one file"));
  CHECK_THROWS_WITH(source_files(dir.path("d/*.csv"), false), Catch::Contains("this format reads one file"));
  CHECK_THROWS_WITH(source_files(dir.path("missing.csv"), false), Catch::Contains("no such file or folder"));
  std::filesystem::create_directories(dir.path("empty"));
  CHECK_THROWS_WITH(source_files(dir.path("empty"), true), Catch::Contains("holds no file"));
  CHECK_THROWS_WITH(source_files(dir.path("d"), true, ".ldif"), Catch::Contains("holds no .ldif file"));
}
