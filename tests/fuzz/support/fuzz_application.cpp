#include "tests/fuzz/support/fuzz_application.hpp"

#include "runtime/services_builder.hpp"

namespace varlet::fuzz {

std::shared_ptr<const actors::Services> fuzz_services() {
  runtime::Config config;
  config.mcp.conformance_fixtures = true;
  return runtime::build_services(config);
}

void FuzzApplication::call_tool(const mcp::RequestContext& ctx, const mcp::ToolSpec& tool, json::object arguments,
                                mcp::Reply reply) {
  if (mcp::ConformanceFixtures::owns_tool(tool.name))
    return fixtures_.call_tool(ctx, tool, std::move(arguments), std::move(reply));
  reply(mcp::Outcome::ok(mcp::tool_result("")));
}

void FuzzApplication::read_resource(
    const mcp::RequestContext& ctx, const std::string& uri,
    const std::optional<std::pair<const mcp::ResourceTemplateSpec*, std::map<std::string, std::string>>>& match,
    mcp::Reply reply) {
  if (mcp::ConformanceFixtures::owns_resource(uri)) return fixtures_.read_resource(ctx, uri, match, std::move(reply));
  reply(mcp::Outcome::ok(json::object{{"contents", json::array{}}}));
}

void FuzzApplication::get_prompt(const mcp::RequestContext& ctx, const mcp::PromptSpec& prompt,
                                 std::map<std::string, std::string> arguments, mcp::Reply reply) {
  if (mcp::ConformanceFixtures::owns_prompt(prompt.name))
    return fixtures_.get_prompt(ctx, prompt, std::move(arguments), std::move(reply));
  reply(mcp::Outcome::ok(json::object{{"messages", json::array{}}}));
}

void FuzzApplication::resource_exists(
    const mcp::RequestContext& ctx, const std::string& uri,
    const std::pair<const mcp::ResourceTemplateSpec*, std::map<std::string, std::string>>& match,
    std::function<void(bool)> done) {
  if (mcp::ConformanceFixtures::owns_resource(uri)) return fixtures_.resource_exists(ctx, uri, match, std::move(done));
  done(true);
}

void FuzzApplication::complete(const mcp::RequestContext& ctx, const json::object& ref, const std::string& argument,
                               const std::string& value, const std::map<std::string, std::string>& context,
                               mcp::Reply reply) {
  auto name = get_string(ref, "name").value_or("");
  auto uri = get_string(ref, "uri").value_or("");
  bool fixture = mcp::ConformanceFixtures::owns_prompt(name) || mcp::ConformanceFixtures::owns_resource(uri);
  if (fixture) return fixtures_.complete(ctx, ref, argument, value, context, std::move(reply));
  reply(mcp::Outcome::ok(json::object{{"completion", json::object{{"values", json::array{}}}}}));
}

void FuzzApplication::after(std::chrono::milliseconds, std::function<void()> work) {
  timers_.push_back(std::move(work));
}

void FuzzApplication::run_timers() {
  while (!timers_.empty()) {
    auto due = std::move(timers_);
    timers_.clear();
    for (auto& work : due) work();
  }
}

}  // namespace varlet::fuzz
