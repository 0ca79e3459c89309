#include "mcp/specs.hpp"

namespace varlet::mcp {
namespace {
void put_if(json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}
}  // namespace

json::object ToolSpec::to_json() const {
  json::object o{{"name", name}};
  put_if(o, "title", title);
  o["description"] = description;
  o["inputSchema"] = input_schema;
  if (!output_schema.empty()) o["outputSchema"] = output_schema;
  o["annotations"] = json::object{{"title", title},
                                  {"readOnlyHint", annotations.read_only},
                                  {"destructiveHint", annotations.destructive},
                                  {"idempotentHint", annotations.idempotent},
                                  {"openWorldHint", annotations.open_world}};
  return o;
}

json::object ResourceSpec::to_json() const {
  json::object o{{"uri", uri}, {"name", name}};
  put_if(o, "title", title);
  put_if(o, "description", description);
  put_if(o, "mimeType", mime_type);
  return o;
}

json::object ResourceTemplateSpec::to_json() const {
  json::object o{{"uriTemplate", uri_template}, {"name", name}};
  put_if(o, "title", title);
  put_if(o, "description", description);
  put_if(o, "mimeType", mime_type);
  return o;
}

json::object PromptSpec::to_json() const {
  json::object o{{"name", name}};
  put_if(o, "title", title);
  o["description"] = description;
  json::array args;
  for (const auto& a : arguments) {
    json::object ao{{"name", a.name}};
    put_if(ao, "description", a.description);
    ao["required"] = a.required;
    args.push_back(std::move(ao));
  }
  o["arguments"] = std::move(args);
  return o;
}

}  // namespace varlet::mcp
