#include "transports/http/dashboard.hpp"

#include <gtest/gtest.h>

#include <regex>

using varlet::transports::dashboard_page;
using varlet::transports::inline_hashes;

namespace {

std::string header(const varlet::transports::Response& r, const std::string& name) {
  for (auto& [key, value] : r.headers)
    if (key == name) return value;
  return {};
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(Dashboard, HashesTheTextOfEachInlineElement) {
  EXPECT_EQ(inline_hashes("<p><script>alert(1)</script><script></script></p>", "script"),
            " 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  EXPECT_EQ(inline_hashes("<script src=x></script><script>unclosed", "script"), "");
}

TEST(Dashboard, ServedAsHtmlThatOnlyItsOwnStyleAndScriptMayRun) {
  auto page = dashboard_page();
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(page, "Cache-Control"), "no-store");
  auto policy = header(page, "Content-Security-Policy");
  EXPECT_EQ(policy.rfind("default-src 'none'; ", 0), 0u) << policy;
  EXPECT_NE(policy.find("; connect-src 'self';"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe"), std::string::npos) << policy;
  // One style and one script element, each allowed by its hash.
  EXPECT_EQ(occurrences(page.body, "<script>"), 1u);
  EXPECT_EQ(occurrences(page.body, "<style>"), 1u);
  EXPECT_NE(policy.find("script-src" + inline_hashes(page.body, "script") + ";"), std::string::npos) << policy;
  EXPECT_NE(policy.find("style-src" + inline_hashes(page.body, "style") + ";"), std::string::npos) << policy;
}

TEST(Dashboard, PageLoadsNothingAndHasNoAttributeThePolicyWouldBlock) {
  auto html = dashboard_page().body;
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(<[^>]*\s(style|on[a-z]+)=)"))) << "inline style or handler";
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(<(script|link|img|iframe)[^>]*\ssrc=)"))) << "an outside resource";
}
