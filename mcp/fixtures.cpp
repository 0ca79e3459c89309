#include "mcp/fixtures.hpp"

#include <memory>

namespace varlet::mcp {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view red_pixel_png =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
constexpr std::string_view short_wav = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

json::object text(std::string_view t) { return {{"type", "text"}, {"text", t}}; }
json::object image() { return {{"type", "image"}, {"data", red_pixel_png}, {"mimeType", "image/png"}}; }
json::object embedded(std::string_view uri, std::string_view mime, std::string_view body) {
  return {{"type", "resource"}, {"resource", {{"uri", uri}, {"mimeType", mime}, {"text", body}}}};
}
json::object result(json::array content, bool is_error = false) {
  json::object r{{"content", std::move(content)}};
  if (is_error) r["isError"] = true;
  return r;
}
json::object no_arguments() { return {{"type", "object"}, {"properties", json::object{}}}; }
json::object one_string(std::string_view name, std::string_view description) {
  return {{"type", "object"},
          {"properties", {{name, {{"type", "string"}, {"description", description}}}}},
          {"required", json::array{name}}};
}

ToolSpec tool(std::string name, std::string description, json::object schema = no_arguments()) {
  ToolSpec t;
  t.name = std::move(name);
  t.title = t.name;
  t.description = std::move(description);
  t.input_schema = std::move(schema);
  t.annotations.open_world = false;
  return t;
}

std::vector<ToolSpec> fixture_tools() {
  // The suite's fixture, keyword for keyword: tools/list must carry every 2020-12 keyword unchanged.
  json::object schema_2020{
      {"$schema", "https://json-schema.org/draft/2020-12/schema"},
      {"type", "object"},
      {"$defs",
       {{"address",
         {{"$anchor", "addressDef"},
          {"type", "object"},
          {"properties", {{"street", {{"type", "string"}}}, {"city", {{"type", "string"}}}}}}}}},
      {"properties",
       {{"name", {{"type", "string"}}},
        {"address", {{"$ref", "#/$defs/address"}}},
        {"contactMethod", {{"type", "string"}, {"enum", json::array{"phone", "email"}}}},
        {"phone", {{"type", "string"}}},
        {"email", {{"type", "string"}}}}},
      {"allOf", json::array{json::object{{"anyOf", json::array{json::object{{"required", json::array{"phone"}}},
                                                              json::object{{"required", json::array{"email"}}}}}}}},
      {"if", {{"properties", {{"contactMethod", {{"const", "phone"}}}}}, {"required", json::array{"contactMethod"}}}},
      {"then", {{"required", json::array{"phone"}}}},
      {"else", {{"required", json::array{"email"}}}},
      {"additionalProperties", false}};
  return {
      tool("test_simple_text", "Returns a simple text response"),
      tool("test_image_content", "Returns a 1x1 PNG image"),
      tool("test_audio_content", "Returns a short WAV clip"),
      tool("test_embedded_resource", "Returns an embedded text resource"),
      tool("test_multiple_content_types", "Returns text, an image and an embedded resource"),
      tool("test_tool_with_logging", "Sends three log messages while it runs"),
      tool("test_logging_tool", "Sends three log messages while it runs (the 2026-07-28 suite's name for it)"),
      tool("test_error_handling", "Always fails with isError"),
      tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100"),
      tool("test_sampling", "Asks the client's model to answer a prompt", one_string("prompt", "The prompt to send")),
      tool("test_elicitation", "Asks the user for a username and an email",
           one_string("message", "The message to show the user")),
      tool("test_elicitation_sep1034_defaults", "Asks the user with defaults for every primitive type"),
      tool("test_elicitation_sep1330_enums", "Asks the user with every enum schema variant"),
      tool("test_reconnection", "Closes its SSE stream mid-call; the result arrives after the client reconnects"),
      tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features", schema_2020),
      // 2026-07-28: input the server needs comes back on a retry of the request (input_required).
      tool("test_missing_capability", "Needs the client's sampling capability (-32021 without it)"),
      tool("test_streaming_elicitation", "Asks the user for their name (input_required; nothing but notifications on the stream)"),
      tool("test_input_required_result_elicitation", "Asks the user for their name (input_required)"),
      tool("test_input_required_result_sampling", "Asks the client's model a question (input_required)"),
      tool("test_input_required_result_list_roots", "Asks for the client's roots (input_required)"),
      tool("test_input_required_result_request_state", "Asks for a confirmation and keeps sealed request state"),
      tool("test_input_required_result_multiple_inputs", "Asks for a name, a model's greeting and the roots at once"),
      tool("test_input_required_result_multi_round", "Asks two questions in two rounds, each with new request state"),
      tool("test_input_required_result_tampered_state", "Refuses a retry whose request state was altered"),
      tool("test_input_required_result_capabilities", "Asks only for the input kinds the client declared"),
  };
}

}  // namespace

void ConformanceFixtures::register_all(Registry& registry) {
  for (auto& t : fixture_tools()) registry.add_tool(std::move(t));
  registry.add_resource({"test://static-text", "static-text", "Static text", "A fixed text resource", "text/plain"});
  registry.add_resource(
      {"test://static-binary", "static-binary", "Static binary", "A fixed PNG image resource", "image/png"});
  registry.add_resource({"test://watched-resource", "watched-resource", "Watched resource",
                         "A resource clients may subscribe to", "text/plain"});
  registry.add_resource_template({"test://template/{id}/data", "template-data", "Template data",
                                  "A JSON document for any id", "application/json"});
  registry.add_prompt({"test_simple_prompt", "Simple prompt", "A prompt without arguments", {}});
  registry.add_prompt({"test_prompt_with_arguments",
                       "Prompt with arguments",
                       "A prompt with two required arguments",
                       {{"arg1", "First test argument", true}, {"arg2", "Second test argument", true}}});
  registry.add_prompt({"test_prompt_with_embedded_resource",
                       "Prompt with an embedded resource",
                       "A prompt that embeds a resource",
                       {{"resourceUri", "URI of the resource to embed", true}}});
  registry.add_prompt({"test_prompt_with_image", "Prompt with an image", "A prompt that carries an image", {}});
  registry.add_prompt({"test_input_required_result_prompt", "Prompt that asks first",
                       "A prompt that asks the user for context (input_required) before it is built", {}});
}

bool ConformanceFixtures::owns_tool(std::string_view name) {
  return name.substr(0, 5) == "test_" || name == "json_schema_2020_12_tool";
}
bool ConformanceFixtures::owns_prompt(std::string_view name) { return name.substr(0, 5) == "test_"; }
bool ConformanceFixtures::owns_resource(std::string_view uri) { return uri.substr(0, 7) == "test://"; }

void ConformanceFixtures::call_tool(const RequestContext& ctx, const ToolSpec& tool, json::object arguments,
                                    Reply reply) {
  const auto& name = tool.name;
  if (owns_input_required(name)) return input_required_tool(ctx, name, std::move(reply));
  if (name == "test_simple_text") return reply(Outcome::ok(result({text("This is a simple text response for testing.")})));
  if (name == "test_image_content") return reply(Outcome::ok(result({image()})));
  if (name == "test_audio_content")
    return reply(Outcome::ok(result({json::object{{"type", "audio"}, {"data", short_wav}, {"mimeType", "audio/wav"}}})));
  if (name == "test_embedded_resource")
    return reply(Outcome::ok(
        result({embedded("test://embedded-resource", "text/plain", "This is an embedded resource content.")})));
  if (name == "test_multiple_content_types")
    return reply(Outcome::ok(result({text("Multiple content types test:"), image(),
                                     embedded("test://mixed-content-resource", "application/json",
                                              R"({"test":"data","value":123})")})));
  if (name == "test_error_handling")
    return reply(Outcome::ok(result({text("This tool intentionally returns an error for testing")}, true)));
  if (name == "json_schema_2020_12_tool")
    return reply(Outcome::ok(result({text("Received: " + json::serialize(arguments))})));
  if (name == "test_tool_with_logging" || name == "test_logging_tool") {
    ctx.log(LogLevel::info, name, "Tool execution started");
    timer_.after(50ms, [this, ctx, reply, name] {
      ctx.log(LogLevel::info, name, "Tool processing data");
      timer_.after(50ms, [ctx, reply, name] {
        ctx.log(LogLevel::info, name, "Tool execution completed");
        reply(Outcome::ok(result({text("Tool with logging executed successfully")})));
      });
    });
    return;
  }
  if (name == "test_tool_with_progress") {
    ctx.progress(0, 100);
    timer_.after(50ms, [this, ctx, reply] {
      ctx.progress(50, 100);
      timer_.after(50ms, [ctx, reply] {
        ctx.progress(100, 100);
        reply(Outcome::ok(result({text("Tool with progress executed successfully")})));
      });
    });
    return;
  }
  if (name == "test_reconnection") {
    ctx.release_connection();
    timer_.after(100ms, [reply] { reply(Outcome::ok(result({text("Reconnection test completed successfully")}))); });
    return;
  }
  if (name == "test_sampling") {
    auto prompt = get_string(arguments, "prompt").value_or("");
    json::object params{
        {"messages", json::array{json::object{{"role", "user"}, {"content", text(prompt)}}}}, {"maxTokens", 100}};
    return ask_and_report(ctx, "sampling/createMessage", std::move(params), "LLM response: ", std::move(reply));
  }
  if (name == "test_elicitation") {
    auto message = get_string(arguments, "message").value_or("");
    json::object schema{{"type", "object"},
                        {"properties",
                         {{"username", {{"type", "string"}, {"description", "User's response"}}},
                          {"email", {{"type", "string"}, {"description", "User's email address"}}}}},
                        {"required", json::array{"username", "email"}}};
    return ask_and_report(ctx, "elicitation/create", {{"message", message}, {"requestedSchema", schema}},
                          "User response: ", std::move(reply));
  }
  if (name == "test_elicitation_sep1034_defaults") {
    json::object schema{
        {"type", "object"},
        {"properties",
         {{"name", {{"type", "string"}, {"description", "User name"}, {"default", "John Doe"}}},
          {"age", {{"type", "integer"}, {"description", "User age"}, {"default", 30}}},
          {"score", {{"type", "number"}, {"description", "User score"}, {"default", 95.5}}},
          {"status",
           {{"type", "string"},
            {"description", "User status"},
            {"enum", json::array{"active", "inactive", "pending"}},
            {"default", "active"}}},
          {"verified", {{"type", "boolean"}, {"description", "Verification status"}, {"default", true}}}}},
        {"required", json::array{}}};
    return ask_and_report(ctx, "elicitation/create",
                          {{"message", "Test defaults for every primitive type"}, {"requestedSchema", schema}},
                          "Elicitation completed: ", std::move(reply));
  }
  if (name == "test_elicitation_sep1330_enums") {
    auto titled = [](std::initializer_list<std::pair<const char*, const char*>> options) {
      json::array out;
      for (auto& [value, title] : options) out.push_back({{"const", value}, {"title", title}});
      return out;
    };
    json::object props{
        {"untitledSingle", {{"type", "string"}, {"enum", json::array{"option1", "option2", "option3"}}}},
        {"titledSingle",
         {{"type", "string"},
          {"oneOf", titled({{"value1", "First Option"}, {"value2", "Second Option"}, {"value3", "Third Option"}})}}},
        {"legacyEnum",
         {{"type", "string"},
          {"enum", json::array{"opt1", "opt2", "opt3"}},
          {"enumNames", json::array{"Option One", "Option Two", "Option Three"}}}},
        {"untitledMulti",
         {{"type", "array"},
          {"items", {{"type", "string"}, {"enum", json::array{"option1", "option2", "option3"}}}}}},
        {"titledMulti",
         {{"type", "array"},
          {"items",
           {{"anyOf", titled({{"value1", "First Choice"}, {"value2", "Second Choice"}, {"value3", "Third Choice"}})}}}}}};
    return ask_and_report(
        ctx, "elicitation/create",
        {{"message", "Test every enum schema variant"},
         {"requestedSchema", {{"type", "object"}, {"properties", std::move(props)}, {"required", json::array{}}}}},
        "Elicitation completed: ", std::move(reply));
  }
  reply(Outcome::fail(RpcError::invalid_params("Unknown tool: " + name)));
}

void ConformanceFixtures::ask_and_report(const RequestContext& ctx, std::string_view method, json::object params,
                                         std::string prefix, Reply reply) {
  ctx.ask_client(method, std::move(params), [prefix = std::move(prefix), reply](Outcome answer) {
    if (answer.error) {
      reply(Outcome::ok(result({text("The client could not answer: " + answer.error->message)}, true)));
      return;
    }
    auto response = json::parse(*answer.result);
    std::string summary;
    if (auto* obj = response.if_object()) {
      if (auto* content = obj->if_contains("content"); content && content->is_object()) {
        if (auto t = get_string(content->get_object(), "text")) summary = std::string(*t);
      }
      if (summary.empty()) summary = json::serialize(response);
    }
    reply(Outcome::ok(result({text(prefix + summary)})));
  });
}

void ConformanceFixtures::read_resource(
    const RequestContext&, const std::string& uri,
    const std::optional<std::pair<const ResourceTemplateSpec*, std::map<std::string, std::string>>>& match,
    Reply reply) {
  json::object content{{"uri", uri}};
  if (match) {
    const auto& id = match->second.at("id");
    content["mimeType"] = "application/json";
    content["text"] = json::serialize(json::object{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}});
  } else if (uri == "test://static-binary") {
    content["mimeType"] = "image/png";
    content["blob"] = red_pixel_png;
  } else if (uri == "test://static-text") {
    content["mimeType"] = "text/plain";
    content["text"] = "This is the content of the static text resource.";
  } else {
    content["mimeType"] = "text/plain";
    content["text"] = "This resource is watched for updates.";
  }
  reply(Outcome::ok(json::object{{"contents", json::array{std::move(content)}}}));
}

void ConformanceFixtures::get_prompt(const RequestContext& ctx, const PromptSpec& prompt,
                                     std::map<std::string, std::string> args, Reply reply) {
  if (prompt.name == "test_input_required_result_prompt") return input_required_prompt(ctx, std::move(reply));
  auto user = [](json::object content) { return json::object{{"role", "user"}, {"content", std::move(content)}}; };
  json::array messages;
  if (prompt.name == "test_simple_prompt") {
    messages.push_back(user(text("This is a simple prompt for testing.")));
  } else if (prompt.name == "test_prompt_with_arguments") {
    messages.push_back(user(text("Prompt with arguments: arg1='" + args["arg1"] + "', arg2='" + args["arg2"] + "'")));
  } else if (prompt.name == "test_prompt_with_embedded_resource") {
    messages.push_back(user(embedded(args["resourceUri"], "text/plain", "Embedded resource content for testing.")));
    messages.push_back(user(text("Please process the embedded resource above.")));
  } else {
    messages.push_back(user(image()));
    messages.push_back(user(text("Please analyze the image above.")));
  }
  reply(Outcome::ok(json::object{{"messages", std::move(messages)}}));
}

void ConformanceFixtures::complete(const RequestContext&, const json::object&, const std::string&, const std::string&,
                                   const std::map<std::string, std::string>&, Reply reply) {
  // The fixtures have no value sets to offer; an empty completion is the documented answer.
  reply(Outcome::ok(
      json::object{{"completion", {{"values", json::array{}}, {"total", 0}, {"hasMore", false}}}}));
}

}  // namespace varlet::mcp
