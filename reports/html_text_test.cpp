#include "html_text.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("html_escape escapes the five markup characters") {
  CHECK(html_escape(R"(<a href="x">Tom & 'Jerry'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(html_escape("Amélie Krüger") == "Amélie Krüger");
}

TEST_CASE("html_escape writes no URL scheme, so no value reads as a link to fetch") {
  CHECK(html_escape("scim https://idp.example/scim/v2") == "scim https&#58;//idp.example/scim/v2");
  CHECK(html_escape("10:30 a:b") == "10:30 a:b");
}

TEST_CASE("html_escape replaces invalid UTF-8 and control characters") {
  CHECK(html_escape("a\xff"
                    "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(html_escape("cut \xC3") == "cut \xEF\xBF\xBD");
  CHECK(html_escape(std::string("nul\0x", 5)) == "nul\xEF\xBF\xBDx");
  CHECK(html_escape("tab\tline\n") == "tab\tline\n");
}

TEST_CASE("script_json keeps a closing script tag and a comment opener inert") {
  std::string out;
  script_json(R"({"v":"</script><script>alert(1)</script><!--"})", out);
  CHECK(out == R"({"v":"\u003c/script>\u003cscript>alert(1)\u003c/script>\u003c!--"})");
  out.clear();
  script_json(R"({"url":"https://x.example","t":"10:30"})", out);
  CHECK(out == R"({"url":"https\u003a//x.example","t":"10:30"})");
  out.clear();
  script_json("{\"v\":\"\xff\"}", out);
  CHECK(out == "{\"v\":\"\xEF\xBF\xBD\"}");
}

TEST_CASE("counts read with thousands separators, figures in their shortest form") {
  CHECK(count_text(0) == "0");
  CHECK(count_text(999) == "999");
  CHECK(count_text(1000) == "1,000");
  CHECK(count_text(12345678) == "12,345,678");
  CHECK(count_text(-1234) == "-1,234");
  CHECK(figure_text(7) == "7");
  CHECK(figure_text(0.0482) == "0.0482");
  CHECK(figure_text(0.2) == "0.2");
}
