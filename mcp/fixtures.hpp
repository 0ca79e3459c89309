#pragma once
// The conformance suite's fixture tools, resources and prompts (test_*, test://...). They exist so
// that every scenario of @modelcontextprotocol/conformance can run; only conf/testing.ini enables them.
#include "mcp/engine.hpp"

#include <chrono>
#include <functional>

namespace varlet::mcp {

// Runs a function later, on the caller's execution context (the dispatcher's actor).
class Timer {
public:
  virtual ~Timer() = default;
  virtual void after(std::chrono::milliseconds delay, std::function<void()> work) = 0;
};

class ConformanceFixtures final : public Application {
public:
  static void register_all(Registry& registry);
  static bool owns_tool(std::string_view name);
  static bool owns_prompt(std::string_view name);
  static bool owns_resource(std::string_view uri);

  explicit ConformanceFixtures(Timer& timer) : timer_(timer) {}

  void call_tool(const RequestContext& ctx, const ToolSpec& tool, json::object arguments, Reply reply) override;
  void read_resource(const RequestContext& ctx, const std::string& uri,
                     const std::optional<std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>>&
                         match,
                     Reply reply) override;
  void get_prompt(const RequestContext& ctx, const PromptSpec& prompt, std::map<std::string, std::string> arguments,
                  Reply reply) override;
  // test://template/{id}/data names a resource for any id.
  void resource_exists(const RequestContext&, const std::string&,
                       const std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>&,
                       std::function<void(bool)> done) override {
    done(true);
  }
  void complete(const RequestContext& ctx, const json::object& ref, const std::string& argument,
                const std::string& value, const std::map<std::string, std::string>& context, Reply reply) override;

private:
  // The 2026-07-28 multi round-trip fixtures (fixtures_input_required.cpp).
  static bool owns_input_required(std::string_view tool);
  void input_required_tool(const RequestContext& ctx, const std::string& name, Reply reply);
  void input_required_prompt(const RequestContext& ctx, Reply reply);
  void ask_and_report(const RequestContext& ctx, std::string_view method, json::object params, std::string prefix,
                      Reply reply);
  Timer& timer_;
};

}  // namespace varlet::mcp
