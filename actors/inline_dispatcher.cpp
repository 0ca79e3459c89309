#include "actors/inline_dispatcher.hpp"

#include "actors/dispatcher.hpp"
#include "actors/tool_call.hpp"

#include <spdlog/spdlog.h>

namespace varlet::actors {
namespace {

// Answers a request that could not be handed over: the server is stopping and has no dispatcher.
std::function<void()> shutting_down(mcp::Reply reply) {
  return [reply] { reply(mcp::Outcome::fail(mcp::RpcError::internal("The server is shutting down"))); };
}

}  // namespace

// Thread-safe: it reads what never changes after start-up (services) and the published answers,
// and hands everything else to a dispatcher.
class InlineDispatcher::Application final : public mcp::Application {
public:
  Application(std::shared_ptr<const Services> services, std::shared_ptr<const msg::Directory> directory,
              std::shared_ptr<const PublishedAnswers> published)
      : services_(std::move(services)), directory_(std::move(directory)), published_(std::move(published)) {}

  void call_tool(const mcp::RequestContext& ctx, const mcp::ToolSpec& tool, json::object arguments,
                 mcp::Reply reply) override {
    if (auto answer = published_answer(ctx, tool, arguments)) return reply(std::move(*answer));
    hand_over(ctx, [ctx, &tool, arguments = std::move(arguments), reply](mcp::Application& app) mutable {
      app.call_tool(ctx, tool, std::move(arguments), std::move(reply));
    }, shutting_down(reply));
  }

  void read_resource(const mcp::RequestContext& ctx, const std::string& uri,
                     const std::optional<std::pair<const mcp::ResourceTemplateSpec*, Vars>>& match,
                     mcp::Reply reply) override {
    hand_over(ctx, [ctx, uri, match, reply](mcp::Application& app) { app.read_resource(ctx, uri, match, reply); },
              shutting_down(reply));
  }

  void get_prompt(const mcp::RequestContext& ctx, const mcp::PromptSpec& prompt, Vars arguments,
                  mcp::Reply reply) override {
    hand_over(ctx, [ctx, &prompt, arguments, reply](mcp::Application& app) { app.get_prompt(ctx, prompt, arguments, reply); },
              shutting_down(reply));
  }

  void resource_exists(const mcp::RequestContext& ctx, const std::string& uri,
                       const std::pair<const mcp::ResourceTemplateSpec*, Vars>& match,
                       std::function<void(bool)> done) override {
    hand_over(ctx, [ctx, uri, match, done](mcp::Application& app) { app.resource_exists(ctx, uri, match, done); },
              [done] { done(false); });
  }

  void complete(const mcp::RequestContext& ctx, const json::object& ref, const std::string& argument,
                const std::string& value, const Vars& context, mcp::Reply reply) override {
    hand_over(ctx,
              [ctx, ref, argument, value, context, reply](mcp::Application& app) {
                app.complete(ctx, ref, argument, value, context, reply);
              },
              shutting_down(reply));
  }

private:
  // The answer a call gets from the published answers: only a catalog tool whose answers are
  // cached, over a concrete version (a tag needs resolving, which the versions cache does). A
  // client that asked for progress gets it from a dispatcher, as for any other call.
  std::optional<mcp::Outcome> published_answer(const mcp::RequestContext& ctx, const mcp::ToolSpec& tool,
                                               const json::object& arguments) const {
    if (ctx.has_progress_token()) return std::nullopt;
    auto it = services_->tools.find(tool.name);
    if (it == services_->tools.end()) return std::nullopt;
    const auto& def = it->second;
    if (!def.cache_answers || def.needs_versions) return std::nullopt;
    auto target = call_target(*services_, ctx, def, arguments);
    auto* call = std::get_if<CallTarget>(&target);
    if (!call || !is_concrete_version(call->version.spec)) return std::nullopt;
    auto answer = published_->find(rendered_key_of(def, arguments, call->version.spec, call->locale));
    if (!answer) return std::nullopt;
    return cached_answer(answer->bytes, answer->spliceable, call->version.project);
  }

  // Hands the rest of a request to its session's dispatcher; `refused` answers it when the server
  // is stopping and there is none.
  void hand_over(const mcp::RequestContext& ctx, std::function<void(mcp::Application&)> work,
                 const std::function<void()>& refused) {
    auto pools = directory_->current();
    const auto* dispatcher = pools->dispatcher_for(ctx.session().id(), turn_);
    if (!dispatcher) return refused();
    caf::anon_send(*dispatcher, msg::defer_atom::value, msg::ApplicationWork{std::move(work)});
  }

  std::shared_ptr<const Services> services_;
  std::shared_ptr<const msg::Directory> directory_;
  std::shared_ptr<const PublishedAnswers> published_;
  std::atomic<std::size_t> turn_{0};
};

InlineDispatcher::InlineDispatcher(std::shared_ptr<const Services> services,
                                   std::shared_ptr<const msg::Directory> directory,
                                   std::shared_ptr<const PublishedAnswers> published,
                                   std::shared_ptr<msg::RequestSampleQueue> samples)
    : app_(std::make_unique<Application>(services, directory, std::move(published))),
      engine_(std::make_unique<mcp::Engine>(services->info, services->registry, *app_, services->limits)) {
  engine_->set_observer(observe_requests(std::move(directory), std::move(samples)));
}

InlineDispatcher::~InlineDispatcher() = default;

bool InlineDispatcher::serve(const msg::InboundPtr& inbound) {
  const auto& envelope = inbound->envelope;
  if (envelope.batch || envelope.messages.size() != 1) return false;
  const auto* message = std::get_if<mcp::Message>(&envelope.messages.front());
  if (!message || message->kind != mcp::MessageKind::request || message->method != "tools/call") return false;
  auto id = message->id;
  try {
    engine_->handle(inbound->session, std::move(inbound->envelope), inbound->exchange, inbound->received);
  } catch (const std::exception& e) {
    // On a dispatcher the supervisor would restart it; here the transport's thread must go on.
    spdlog::error("a tools/call failed on the transport's thread: {}", e.what());
    inbound->exchange->finish(mcp::encode_error(id, mcp::RpcError::internal()));
  }
  return true;
}

}  // namespace varlet::actors
