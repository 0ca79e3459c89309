#pragma once
// What the engine-driven fuzz targets serve: the server's real registry (every Varlet tool,
// resource and prompt with its schema, plus the conformance fixtures) and an application that
// answers the Varlet side with empty results. The point is the protocol engine and schema
// validation, not the catalog, which has targets of its own.
#include "actors/services.hpp"
#include "mcp/engine.hpp"
#include "mcp/fixtures.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace varlet::fuzz {

// What runtime::build_services makes of the default configuration with the fixtures enabled.
std::shared_ptr<const actors::Services> fuzz_services();

class FuzzApplication final : public mcp::Application, public mcp::Timer {
public:
  FuzzApplication() : fixtures_(*this) {}

  void call_tool(const mcp::RequestContext& ctx, const mcp::ToolSpec& tool, json::object arguments,
                 mcp::Reply reply) override;
  void read_resource(const mcp::RequestContext& ctx, const std::string& uri,
                     const std::optional<std::pair<const mcp::ResourceTemplateSpec*,
                                                   std::map<std::string, std::string>>>& match,
                     mcp::Reply reply) override;
  void get_prompt(const mcp::RequestContext& ctx, const mcp::PromptSpec& prompt,
                  std::map<std::string, std::string> arguments, mcp::Reply reply) override;
  void resource_exists(const mcp::RequestContext& ctx, const std::string& uri,
                       const std::pair<const mcp::ResourceTemplateSpec*, std::map<std::string, std::string>>& match,
                       std::function<void(bool)> done) override;
  void complete(const mcp::RequestContext& ctx, const json::object& ref, const std::string& argument,
                const std::string& value, const std::map<std::string, std::string>& context,
                mcp::Reply reply) override;

  // Timers of the fixtures (progress steps, delayed answers) wait until run_timers().
  void after(std::chrono::milliseconds delay, std::function<void()> work) override;
  // Runs the waiting timers at once, and those they set in turn.
  void run_timers();

private:
  mcp::ConformanceFixtures fixtures_;
  std::vector<std::function<void()>> timers_;
};

}  // namespace varlet::fuzz
