// The check_template tool as a client sees it: compact lines with positions and suggestions, the
// structured findings within the output schema, the size of the answer, and its limits.
#include "catalog/templates/check.hpp"
#include "catalog/templates/check_tool.hpp"
#include "../catalog/package.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace varlet::catalog::templates {
namespace {

using testing::built_model;
using testing::is_error;
using testing::run_tool;
using testing::structured;
using testing::text_of;

std::string fixture(const std::string& name) {
  const char* dir = std::getenv("VARLET_FIXTURES");
  std::ifstream in(std::string(dir ? dir : "tests/fixtures") + "/templates/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json::object check(const std::string& code) {
  return run_tool("check_template", {{"code", code}}, built_model("3.20.6", "en-US"));
}

TEST(CheckTemplateTool, AnswersOneLinePerFindingWithTheClosestName) {
  auto result = check("<template>\n  <var-button type=\"primary\" sise=\"large\">Go</var-button>\n</template>");
  ASSERT_FALSE(is_error(result)) << text_of(result);
  auto text = text_of(result);
  EXPECT_NE(text.find("2:30 error var-button: unknown prop \"sise\" — did you mean \"size\"?"), std::string::npos) << text;
  const auto& s = structured(result);
  EXPECT_EQ(s.at("version"), "3.20.6");
  const auto& d = s.at("diagnostics").as_array().at(0).as_object();
  EXPECT_EQ(d.at("severity"), "error");
  EXPECT_EQ(d.at("line"), 2);
  EXPECT_EQ(d.at("column"), 30);
  EXPECT_EQ(d.at("component"), "var-button");
  EXPECT_EQ(d.at("attribute"), "sise");
  EXPECT_EQ(d.at("suggestion"), "size");
  EXPECT_EQ(s.at("checked").at("components"), 1);
  EXPECT_EQ(s.at("checked").at("attributes"), 2);
}

TEST(CheckTemplateTool, CleanCodeSaysSoAndHowMuchWasChecked) {
  auto result = check(fixture("form-input.vue"));
  ASSERT_FALSE(is_error(result));
  auto text = text_of(result);
  EXPECT_EQ(text.rfind("No findings: ", 0), 0u) << text;
  EXPECT_NE(text.find("Varlet components and"), std::string::npos) << text;
  EXPECT_TRUE(structured(result).at("diagnostics").as_array().empty());
  auto nothing = check("<div class=\"plain\">{{ text }}</div>");
  EXPECT_EQ(text_of(nothing).rfind("Nothing to check", 0), 0u) << text_of(nothing);
}

TEST(CheckTemplateTool, HundredLinesWithFiveFindingsAnswerUnderTwoKilobytes) {
  auto code = fixture("hundred-lines.vue");
  ASSERT_GE(std::count(code.begin(), code.end(), '\n'), 100);
  auto result = check(code);
  ASSERT_FALSE(is_error(result));
  EXPECT_EQ(structured(result).at("diagnostics").as_array().size(), 5u);
  auto size = text_of(result).size() + json::serialize(structured(result)).size();
  std::cout << "[size] check_template, 100 lines, 5 findings: " << size << " bytes" << std::endl;
  EXPECT_LT(size, 2048u) << text_of(result);
}

TEST(CheckTemplateTool, CodeBeyondTheCapIsAClearError) {
  // The schema's maxLength turns it away first (in characters); run itself counts bytes.
  std::string code = "<template>" + std::string(max_code_bytes, ' ') + "</template>";
  const auto& tool = testing::api_tool("check_template");
  json::object args{{"code", code}};
  auto violation = mcp::validate(args, tool.spec.input_schema);
  ASSERT_TRUE(violation);
  EXPECT_NE(violation->message().find("at most 262144 characters"), std::string::npos) << violation->message();
  ToolInputs inputs;
  inputs.model = built_model("3.20.6", "en-US");
  auto result = tool.run(args, inputs);
  ASSERT_TRUE(is_error(result));
  EXPECT_NE(text_of(result).find("at most 256 KiB"), std::string::npos) << text_of(result);
}

TEST(CheckTemplateTool, ManyFindingsAreCountedBeyondTheListed) {
  std::string code;
  for (std::size_t i = 0; i < max_diagnostics + 10; ++i) code += "<var-buton />\n";
  auto result = check(code);
  const auto& s = structured(result);
  EXPECT_EQ(s.at("diagnostics").as_array().size(), max_diagnostics);
  EXPECT_EQ(s.at("omitted"), 10);
  EXPECT_NE(text_of(result).find("10 more not shown"), std::string::npos);
}

}  // namespace
}  // namespace varlet::catalog::templates
