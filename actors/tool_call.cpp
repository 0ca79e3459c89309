#include "actors/tool_call.hpp"

#include "actors/versions.hpp"
#include "catalog/model.hpp"
#include "mcp/compression/spliceable.hpp"
#include "mcp/modern_result.hpp"

#include <algorithm>

namespace varlet::actors {
namespace {

using msg::ResourceKind;

json::object error_result(std::string text) { return mcp::tool_result(std::move(text), std::nullopt, true); }

json::value canonical(const json::value& v) {
  if (auto* obj = v.if_object()) {
    std::vector<std::pair<std::string, json::value>> items;
    for (auto& kv : *obj) items.emplace_back(std::string(kv.key()), canonical(kv.value()));
    std::sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.first < b.first; });
    json::object out;
    for (auto& [k, val] : items) out[k] = std::move(val);
    return out;
  }
  if (auto* arr = v.if_array()) {
    json::array out;
    for (auto& item : *arr) out.push_back(canonical(item));
    return out;
  }
  return v;
}

// The result's _meta.varlet object, made when absent.
json::object& varlet_meta(json::object& result) {
  auto& meta = result["_meta"];
  if (!meta.is_object()) meta = json::object{};
  auto& varlet = meta.get_object()["varlet"];
  if (!varlet.is_object()) varlet = json::object{};
  return varlet.get_object();
}

std::string describe(const msg::FetchError& e) { return e.message.empty() ? "the upstream failed" : e.message; }

// A rendered answer with what the project said added to its _meta.varlet. Rendered answers are
// cached per concrete version, without it: the same answer serves every way of naming the version.
std::shared_ptr<const std::string> with_project(const std::shared_ptr<const std::string>& bytes,
                                                const json::object& project) {
  if (project.empty()) return bytes;
  boost::system::error_code ec;
  auto result = json::parse(*bytes, ec);
  if (ec || !result.is_object()) return bytes;
  varlet_meta(result.get_object())["project"] = project;
  return std::make_shared<const std::string>(json::serialize(result));
}

}  // namespace

bool is_concrete_version(const std::string& v) {
  auto parsed = parse_semver(v);
  return parsed && parsed->str() == v;
}

VersionChoice choose_for(const Services& services, const mcp::RequestContext& ctx, std::string_view requested) {
  return choose_version(requested, services.default_version, services.fallback_version, *services.project,
                        ctx.session().transport() == msg::to_string(msg::Transport::http));
}

std::variant<CallTarget, mcp::Outcome> call_target(const Services& services, const mcp::RequestContext& ctx,
                                                   const catalog::ToolDefinition& def, const json::object& args) {
  CallTarget target{services.default_locale, {}};
  if (auto requested = get_string(args, "locale")) {
    auto normalized = normalize_locale(*requested);
    if (!normalized)
      return mcp::Outcome::ok(error_result("Unknown locale \"" + std::string(*requested) + "\": use en-US or zh-CN."));
    target.locale = *normalized;
  }
  target.version = choose_for(services, ctx, get_string(args, def.version_argument).value_or(""));
  if (target.version.spec.empty()) return mcp::Outcome::ok(error_result(std::move(target.version.error)));
  return target;
}

std::string rendered_key_of(const catalog::ToolDefinition& def, const json::object& args, std::string_view version,
                            std::string_view locale) {
  json::object keyed = args;
  keyed.erase(def.version_argument);
  keyed.erase("locale");
  return catalog::rendered_key(def.spec.name, version, locale, json::serialize(canonical(keyed)));
}

mcp::Outcome cached_answer(const std::shared_ptr<const std::string>& bytes,
                           const std::shared_ptr<const compression::Spliceable>& spliceable, const json::object& project) {
  auto answer = mcp::Outcome::ok(with_project(bytes, project));
  if (answer.result == bytes) answer.spliceable = spliceable;
  return answer;
}

std::optional<msg::CacheEntry> with_gzip_form(msg::CacheEntry entry) {
  if (entry.bytes && !entry.spliceable)
    entry.spliceable = std::make_shared<const compression::Spliceable>(entry.bytes, mcp::splice_points(entry.bytes));
  return entry;
}

std::optional<std::string> normalize_locale(std::string_view requested) {
  std::string l(requested);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  std::replace(l.begin(), l.end(), '_', '-');
  if (l == "en" || l == "en-us") return "en-US";
  if (l == "zh" || l == "zh-cn" || l == "zh-hans") return "zh-CN";
  return std::nullopt;
}

struct DispatcherApplication::Call {
  const catalog::ToolDefinition* def = nullptr;
  json::object args;
  catalog::ToolInputs inputs;
  mcp::RequestContext ctx;
  mcp::Reply reply;
  std::string rendered_key;
  bool stale = false;
  std::string docs_unavailable;  // why optional repository files could not be had; such answers are not cached
  json::object project;          // how version "project" was decided, for the answer's _meta
  bool uncacheable = false;      // it used another version named by a tag or range, which may move
};

DispatcherApplication::DispatcherApplication(dispatcher_pointer self, std::shared_ptr<const Services> services,
                                             std::shared_ptr<const msg::Directory> directory)
    : self_(self), services_(std::move(services)), directory_(std::move(directory)) {
  if (services_->conformance_fixtures) fixtures_ = std::make_unique<mcp::ConformanceFixtures>(*this);
}

void DispatcherApplication::after(std::chrono::milliseconds delay, std::function<void()> work) {
  self_->delayed_send(caf::actor_cast<msg::dispatcher_actor>(self_), delay, msg::defer_atom::value,
                      msg::Deferred{std::move(work)});
}

void DispatcherApplication::get(ResourceKind kind, std::string key, std::function<void(msg::CacheResult)> done) {
  const auto* shard = directory_.pools().shard_for(kind, key);
  if (!shard) {
    done({std::nullopt, msg::FetchError{msg::FetchErrorKind::internal, "the cache is not running", 0, true}});
    return;
  }
  self_->request(*shard, services_->request_timeout, msg::get_atom::value, msg::CacheKey{kind, std::move(key)})
      .then([done](msg::CacheResult& result) { done(std::move(result)); },
            [done, kind](caf::error& err) {
              bool timeout = err == caf::sec::request_timeout;
              std::string why = timeout ? "timed out" : "restarted";
              done({std::nullopt, msg::FetchError{msg::FetchErrorKind::internal,
                                                  "the " + std::string(msg::to_string(kind)) + " cache " + why +
                                                      " while serving this request; please retry",
                                                  0, true}});
            });
}

VersionChoice DispatcherApplication::choose(const mcp::RequestContext& ctx, std::string_view requested) const {
  return choose_for(*services_, ctx, requested);
}

std::optional<std::int64_t> DispatcherApplication::Freshness::keep_ms() const {
  if (pinned) return mcp::pinned_answer_hint.ttl_ms;
  if (stale) return 0;
  if (expires == 0) return std::nullopt;
  return std::max<std::int64_t>(expires - msg::unix_seconds_now(), 0) * 1000;
}

void DispatcherApplication::resolve_version(const std::string& spec, ResolvedVersion done) {
  if (is_concrete_version(spec)) {
    done(true, spec, {.pinned = true});
    return;
  }
  get(ResourceKind::version, spec, [spec, done](msg::CacheResult r) {
    if (r.entry && r.entry->bytes && !r.entry->absent)
      done(true, *r.entry->bytes, {.stale = r.entry->stale, .expires = r.entry->expires});
    else if (r.entry && r.entry->absent)
      done(false,
           "No Varlet version matches \"" + spec + "\". Call list_versions to see the available versions.", {});
    else done(false, "Cannot resolve Varlet version \"" + spec + "\": " + describe(*r.error), {});
  });
}

void DispatcherApplication::with_model(
    const std::string& version, const std::string& locale,
    std::function<void(std::shared_ptr<const catalog::Model>, bool, std::string)> done) {
  get(ResourceKind::catalog, catalog::catalog_key(version, locale), [version, done](msg::CacheResult r) {
    if (r.entry && r.entry->model) done(r.entry->model, r.entry->stale, {});
    else if (r.error) done(nullptr, false, describe(*r.error));
    else done(nullptr, false, "Varlet " + version + " has no catalog");
  });
}

void DispatcherApplication::call_tool(const mcp::RequestContext& ctx, const mcp::ToolSpec& tool,
                                      json::object arguments, mcp::Reply reply) {
  if (fixtures_ && mcp::ConformanceFixtures::owns_tool(tool.name))
    return fixtures_->call_tool(ctx, tool, std::move(arguments), std::move(reply));
  auto it = services_->tools.find(tool.name);
  if (it == services_->tools.end()) return reply(mcp::Outcome::fail(mcp::RpcError::internal()));

  auto target = call_target(*services_, ctx, it->second, arguments);
  if (auto* refusal = std::get_if<mcp::Outcome>(&target)) return reply(std::move(*refusal));
  auto& [locale, choice] = std::get<CallTarget>(target);
  auto call = std::make_shared<Call>(Call{&it->second, std::move(arguments), {}, ctx, std::move(reply), {}, false, {}, {}, false});
  call->inputs.locale = locale;
  call->project = std::move(choice.project);
  const auto& spec = choice.spec;
  if (ctx.has_progress_token()) ctx.progress(0, 3, "resolving Varlet version " + spec);
  resolve_version(spec, [this, call](bool ok, std::string version, Freshness freshness) {
    if (!ok) return call->reply(mcp::Outcome::ok(error_result(version)));
    call->inputs.version = version;
    call->stale = freshness.stale;
    call->rendered_key = rendered_key_of(*call->def, call->args, version, call->inputs.locale);
    start(call);
  });
}

void DispatcherApplication::start(const std::shared_ptr<Call>& call) {
  const auto* shard = directory_.pools().shard_for(ResourceKind::rendered, call->rendered_key);
  // A stale resolution is marked in the answer, so it is built rather than served from the cache.
  if (call->stale || call->def->needs_versions || !call->def->cache_answers || !shard) return gather_docs(call, -2);
  // A peek is answered at once from memory or disk and never loads, so it needs no timeout; a
  // timeout would cost every hot call a wake-up of CAF's clock thread. A shard that dies first
  // answers with an error all the same.
  self_->request(*shard, caf::infinite, msg::peek_atom::value,
                 msg::CacheKey{ResourceKind::rendered, call->rendered_key})
      .then(
          [this, call](msg::CacheResult& r) {
            if (r.entry && r.entry->bytes)
              return call->reply(cached_answer(r.entry->bytes, r.entry->spliceable, call->project));
            gather_docs(call, -2);
          },
          [this, call](caf::error&) { gather_docs(call, -2); });
}

// Round -2 loads the version list, round -1 the model (when the tool needs them); rounds 0.. fetch
// the repository files the tool asks for until it asks for nothing new.
void DispatcherApplication::gather_docs(const std::shared_ptr<Call>& call, int round) {
  if (call->ctx.cancelled()) return call->reply(mcp::Outcome::fail(mcp::RpcError::internal("cancelled")));
  if (round == -2) {
    call->ctx.note_built();
    if (!call->def->needs_versions) return gather_docs(call, -1);
    get(ResourceKind::version, "*index", [this, call](msg::CacheResult r) {
      if ((!r.entry || !r.entry->bytes) && call->def->versions_optional) return gather_docs(call, -1);
      if (!r.entry || !r.entry->bytes)
        return call->reply(mcp::Outcome::ok(error_result(
            "The list of Varlet versions is unavailable: " + (r.error ? describe(*r.error) : std::string("no answer")))));
      call->inputs.versions = r.entry->bytes;
      if (auto parsed = parse_version_index(*r.entry->bytes); parsed.index) call->inputs.version_list = parsed.index->versions;
      call->stale = call->stale || r.entry->stale;
      gather_docs(call, -1);
    });
    return;
  }
  if (round < 0) {
    if (!call->def->needs_model) return gather_docs(call, 0);
    if (call->ctx.has_progress_token()) call->ctx.progress(1, 3, "loading the Varlet " + call->inputs.version + " catalog");
    with_model(call->inputs.version, call->inputs.locale,
               [this, call](std::shared_ptr<const catalog::Model> model, bool stale, std::string error) {
                 if (!model) return call->reply(mcp::Outcome::ok(error_result(error)));
                 call->inputs.model = std::move(model);
                 call->stale = call->stale || stale;
                 if (!call->def->needs_both_locales) return gather_docs(call, 0);
                 // The other locale is a help, not a need: without it the tool answers from one.
                 auto other = call->inputs.locale == "zh-CN" ? "en-US" : "zh-CN";
                 with_model(call->inputs.version, other,
                            [this, call](std::shared_ptr<const catalog::Model> model, bool, std::string) {
                              call->inputs.other_locale_model = std::move(model);
                              gather_docs(call, 0);
                            });
               });
    return;
  }
  std::vector<std::string> wanted;
  if (call->def->docs_needed)
    for (auto& path : call->def->docs_needed(call->args, call->inputs))
      if (!call->inputs.docs.count(path)) wanted.push_back(path);
  if (wanted.empty() || round >= 8) return gather_models(call, 0);
  if (call->ctx.has_progress_token())
    call->ctx.progress(2 + round * 0.1, 3, "fetching " + std::to_string(wanted.size()) + " documentation files");
  auto paths = wanted;
  fetch_docs(call->inputs.version, std::move(paths),
             [this, call, round, wanted](DocsFiles files, bool stale, std::string failure) {
               if (!failure.empty() && !call->def->docs_optional)
                 return call->reply(mcp::Outcome::ok(error_result(failure)));
               if (!failure.empty()) {
                 call->docs_unavailable = failure;
                 for (const auto& path : wanted) files.try_emplace(path, std::nullopt);
               }
               call->inputs.docs.merge(files);
               call->stale = call->stale || stale;
               gather_docs(call, round + 1);
             });
}

// Each round loads the models of other versions the tool asks for, until it asks for nothing new
// (a bisection over a major's releases takes about log2 of their number).
constexpr int max_model_rounds = 12;
void DispatcherApplication::gather_models(const std::shared_ptr<Call>& call, int round) {
  if (call->ctx.cancelled()) return call->reply(mcp::Outcome::fail(mcp::RpcError::internal("cancelled")));
  std::vector<std::string> wanted;
  if (call->def->models_needed)
    for (auto& spec : call->def->models_needed(call->args, call->inputs))
      if (!call->inputs.other_versions.count(spec) && std::find(wanted.begin(), wanted.end(), spec) == wanted.end())
        wanted.push_back(spec);
  if (wanted.empty() || round >= max_model_rounds) return finish(call);
  if (call->ctx.has_progress_token())
    call->ctx.progress(2.5 + round * 0.05, 3, "loading " + std::to_string(wanted.size()) + " other Varlet versions");
  auto left = std::make_shared<std::size_t>(wanted.size());
  auto loaded = [this, call, round, left](const std::string& spec, catalog::ToolInputs::OtherVersion other) {
    call->inputs.other_versions[spec] = std::move(other);
    if (--*left == 0) gather_models(call, round + 1);
  };
  for (const auto& spec : wanted) {
    auto choice = choose(call->ctx, spec);
    if (choice.spec.empty()) {
      loaded(spec, {"", nullptr, std::move(choice.error)});
      continue;
    }
    if (!is_concrete_version(choice.spec)) call->uncacheable = true;
    resolve_version(choice.spec, [this, call, spec, loaded](bool ok, std::string version, Freshness) {
      if (!ok) return loaded(spec, {"", nullptr, std::move(version)});
      with_model(version, call->inputs.locale,
                 [spec, version, loaded](std::shared_ptr<const catalog::Model> model, bool, std::string error) {
                   loaded(spec, {version, std::move(model), std::move(error)});
                 });
    });
  }
}

void DispatcherApplication::fetch_docs(const std::string& version, std::vector<std::string> paths,
                                       std::function<void(DocsFiles, bool stale, std::string failure)> done) {
  struct Pending {
    std::size_t left;
    DocsFiles files;
    bool stale = false;
    std::string failure;
  };
  if (paths.empty()) return done({}, false, {});
  auto pending = std::make_shared<Pending>(Pending{paths.size(), {}});
  for (auto& path : paths) {
    get(ResourceKind::docs_file, "varletjs/varlet@v" + version + "/" + path,
        [version, path, pending, done](msg::CacheResult r) {
          if (r.entry && r.entry->absent) {
            pending->files[path] = std::nullopt;
          } else if (r.entry && r.entry->bytes) {
            pending->files[path] = r.entry->bytes;
            pending->stale = pending->stale || r.entry->stale;
          } else if (pending->failure.empty()) {
            pending->failure = "The Varlet " + version + " documentation needs the GitHub upstream ([upstream] " +
                               "github-base), and no cached copy exists: " + describe(*r.error);
          }
          if (--pending->left == 0) done(std::move(pending->files), pending->stale, std::move(pending->failure));
        });
  }
}

void DispatcherApplication::finish(const std::shared_ptr<Call>& call) {
  json::object result;
  try {
    result = call->def->run(call->args, call->inputs);
  } catch (const std::exception& e) {
    return call->reply(mcp::Outcome::ok(error_result("The tool failed on this input: " + std::string(e.what()))));
  }
  if (!call->docs_unavailable.empty()) varlet_meta(result)["docsUnavailable"] = call->docs_unavailable;
  if (call->stale) varlet_meta(result)["stale"] = true;
  bool failed = result.contains("isError") && result.at("isError") == true;
  auto bytes = std::make_shared<const std::string>(json::serialize(result));
  auto answer = mcp::Outcome::ok(with_project(bytes, call->project), failed);
  // An answer over the version list changes when the list does; it is never stored.
  if (!failed && !call->stale && !call->uncacheable && !call->def->needs_versions && call->def->cache_answers &&
      call->docs_unavailable.empty()) {
    if (const auto* shard = directory_.pools().shard_for(ResourceKind::rendered, call->rendered_key)) {
      msg::CacheEntry entry;
      entry.bytes = bytes;
      entry = *with_gzip_form(std::move(entry));
      if (answer.result == bytes) answer.spliceable = entry.spliceable;
      self_->send(*shard, msg::put_atom::value, msg::CacheKey{ResourceKind::rendered, call->rendered_key},
                  std::move(entry));
    }
  }
  call->reply(std::move(answer));
}

void DispatcherApplication::read_resource(const mcp::RequestContext& ctx, const std::string& uri,
                                          const std::optional<std::pair<const mcp::ResourceTemplateSpec*, Vars>>& match,
                                          mcp::Reply reply) {
  if (fixtures_ && mcp::ConformanceFixtures::owns_resource(uri))
    return fixtures_->read_resource(ctx, uri, match, std::move(reply));
  if (!services_->read_resource) return reply(mcp::Outcome::fail(mcp::RpcError::resource_not_found(uri)));
  Vars vars = match ? match->second : Vars{};
  auto spec = choose(ctx).spec;
  resolve_version(spec, [this, uri, vars, reply](bool ok, std::string version, Freshness freshness) {
    if (!ok) return reply(mcp::Outcome::fail(mcp::RpcError::internal(version)));
    with_model(version, services_->default_locale,
               [this, uri, vars, reply, freshness](std::shared_ptr<const catalog::Model> model, bool, std::string error) {
                 if (!model) return reply(mcp::Outcome::fail(mcp::RpcError::internal(error)));
                 auto contents = services_->read_resource(uri, vars, *model);
                 if (!contents) return reply(mcp::Outcome::fail(mcp::RpcError::resource_not_found(uri)));
                 auto answer = mcp::Outcome::ok(*contents);
                 answer.ttl_ms = freshness.keep_ms();
                 reply(std::move(answer));
               });
  });
}

void DispatcherApplication::resource_exists(const mcp::RequestContext& ctx, const std::string& uri,
                                            const std::pair<const mcp::ResourceTemplateSpec*, Vars>& match,
                                            std::function<void(bool)> done) {
  if (fixtures_ && mcp::ConformanceFixtures::owns_resource(uri)) return fixtures_->resource_exists(ctx, uri, match, done);
  if (!services_->resource_exists) return done(false);
  resolve_version(choose(ctx).spec, [this, uri, vars = match.second, done](bool ok, std::string version, Freshness) {
    if (!ok) return done(false);
    with_model(version, services_->default_locale,
               [this, uri, vars, done](std::shared_ptr<const catalog::Model> model, bool, std::string) {
                 done(model && services_->resource_exists(uri, vars, *model));
               });
  });
}

void DispatcherApplication::get_prompt(const mcp::RequestContext& ctx, const mcp::PromptSpec& prompt,
                                       Vars arguments, mcp::Reply reply) {
  if (fixtures_ && mcp::ConformanceFixtures::owns_prompt(prompt.name))
    return fixtures_->get_prompt(ctx, prompt, std::move(arguments), std::move(reply));
  auto it = services_->prompts.find(prompt.name);
  if (it == services_->prompts.end()) return reply(mcp::Outcome::fail(mcp::RpcError::internal()));
  const PromptService* service = &it->second;
  auto choice = choose(ctx, arguments.count("version") ? arguments["version"] : "");
  if (choice.spec.empty()) return reply(mcp::Outcome::fail(mcp::RpcError::invalid_params(choice.error)));
  const auto& spec = choice.spec;
  std::string locale = services_->default_locale;
  if (arguments.count("locale")) locale = normalize_locale(arguments["locale"]).value_or(locale);
  resolve_version(spec, [this, service, arguments, locale, reply](bool ok, std::string version, Freshness) {
    if (!ok) return reply(mcp::Outcome::fail(mcp::RpcError::invalid_params(version)));
    catalog::ToolInputs inputs{version, locale, nullptr, {}};
    auto answer = [service, arguments, reply](const catalog::ToolInputs& inputs) {
      auto result = service->get(arguments, inputs);
      if (auto* error = std::get_if<std::string>(&result))
        return reply(mcp::Outcome::fail(mcp::RpcError::invalid_params(*error)));
      reply(mcp::Outcome::ok(std::move(std::get<json::object>(result))));
    };
    if (!service->needs_model) return answer(inputs);
    with_model(version, locale,
               [answer, inputs, reply](std::shared_ptr<const catalog::Model> model, bool, std::string error) mutable {
                 if (!model) return reply(mcp::Outcome::fail(mcp::RpcError::internal(error)));
                 inputs.model = std::move(model);
                 answer(inputs);
               });
  });
}

void DispatcherApplication::complete(const mcp::RequestContext& ctx, const json::object& ref,
                                     const std::string& argument, const std::string& value, const Vars& context,
                                     mcp::Reply reply) {
  auto name = get_string(ref, "name").value_or("");
  auto uri = get_string(ref, "uri").value_or("");
  if (fixtures_ && (mcp::ConformanceFixtures::owns_prompt(name) || mcp::ConformanceFixtures::owns_resource(uri)))
    return fixtures_->complete(ctx, ref, argument, value, context, std::move(reply));
  auto empty = json::object{{"completion", {{"values", json::array{}}, {"total", 0}, {"hasMore", false}}}};
  if (!services_->complete) return reply(mcp::Outcome::ok(empty));
  auto needs = services_->complete_needs ? services_->complete_needs(argument) : Services::CompletionNeeds{};
  auto inputs = std::make_shared<catalog::ToolInputs>();
  inputs->locale = services_->default_locale;
  auto answer = [this, ref, argument, value, context, inputs, reply]() {
    reply(mcp::Outcome::ok(services_->complete(ref, argument, value, context, *inputs)));
  };
  // A source that cannot be read leaves its values out; completion never fails the client.
  auto with_docs = [this, inputs, needs, answer]() {
    fetch_docs(inputs->version, needs.docs, [inputs, answer](DocsFiles files, bool, std::string) {
      inputs->docs.merge(files);
      answer();
    });
  };
  auto with_versions = [this, inputs, needs, with_docs]() {
    if (!needs.versions) return with_docs();
    get(ResourceKind::version, "*index", [inputs, with_docs](msg::CacheResult r) {
      if (r.entry && r.entry->bytes) inputs->versions = r.entry->bytes;
      with_docs();
    });
  };
  resolve_version(choose(ctx).spec, [this, inputs, with_versions, empty, reply](bool ok, std::string version, Freshness) {
    if (!ok) return reply(mcp::Outcome::ok(empty));
    inputs->version = version;
    with_model(version, inputs->locale, [inputs, with_versions](std::shared_ptr<const catalog::Model> model, bool,
                                                                std::string) {
      inputs->model = std::move(model);
      with_versions();
    });
  });
}

}  // namespace varlet::actors
