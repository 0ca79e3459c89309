#include "runtime/warm.hpp"

#include "actors/tool_call.hpp"
#include "actors/versions.hpp"
#include "catalog/model.hpp"
#include "mcp/exchange.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"
#include "mcp/session.hpp"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <array>
#include <deque>
#include <set>
#include <variant>

namespace varlet::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using msg::ResourceKind;

struct AdminState {
  std::shared_ptr<const msg::Directory> directory;
  CacheAdminSettings settings;
  std::string followed;  // what the default version resolved to at the last look
  std::size_t next_dispatcher = 0;
  static inline const char* name = "cache_admin";
};

using admin_pointer = cache_admin_actor::stateful_pointer<AdminState>;

void on_actor(const cache_admin_actor& admin, std::function<void()> work) {
  caf::anon_send(admin, msg::defer_atom::value, msg::Deferred{std::move(work)});
}

// The way back from a dispatcher for one warming call: the body comes back on the admin actor.
class WarmExchange final : public mcp::Exchange {
public:
  WarmExchange(cache_admin_actor admin, std::function<void(std::string)> done)
      : admin_(std::move(admin)), done_(std::move(done)) {}
  void send(std::string) override {}
  void finish(std::string body) override {
    on_actor(admin_, [done = done_, body = std::move(body)] { done(body); });
  }

private:
  cache_admin_actor admin_;
  std::function<void(std::string)> done_;
};

std::string describe(const msg::CacheResult& r, const std::string& what) {
  if (r.entry && r.entry->absent) return what + " does not exist";
  if (r.error) return r.error->message.empty() ? what + " failed" : r.error->message;
  return what + ": no answer";
}

void get(admin_pointer self, ResourceKind kind, std::string key, std::function<void(msg::CacheResult)> done) {
  auto pools = self->state.directory->current();
  const auto* shard = pools->shard_for(kind, key);
  if (!shard)
    return done({std::nullopt, msg::FetchError{msg::FetchErrorKind::internal, "the cache is not running", 0, true}});
  self->request(*shard, self->state.settings.call_timeout, msg::get_atom::value, msg::CacheKey{kind, std::move(key)})
      .then([done](msg::CacheResult& r) { done(std::move(r)); },
            [done, self](caf::error& err) {
              done({std::nullopt, msg::FetchError{msg::FetchErrorKind::internal,
                                                  "the cache did not answer: " + self->system().render(err), 0, true}});
            });
}

// The concrete version a specifier names now, or why it names none.
void resolve(admin_pointer self, const std::string& spec, std::function<void(std::string version, std::string error)> done) {
  if (auto v = actors::parse_semver(spec)) return done(v->str(), {});
  get(self, ResourceKind::version, spec, [spec, done](msg::CacheResult r) {
    if (r.entry && r.entry->bytes && !r.entry->absent) return done(*r.entry->bytes, {});
    done({}, "cannot resolve Varlet version \"" + spec + "\": " + describe(r, "no version matches it"));
  });
}

// ---- warming --------------------------------------------------------------------------------

struct WarmJob {
  WarmPlan plan;
  std::function<void(WarmOutcome)> done;
  WarmOutcome outcome;
  Clock::time_point started = Clock::now();
  std::shared_ptr<mcp::Session> session = std::make_shared<mcp::Session>("", std::string(msg::warm_session_transport));
  std::deque<std::pair<std::string, std::string>> todo;  // (component, locale)
  std::set<std::int64_t> pending;
  std::int64_t next_id = 1;
};

using Job = std::shared_ptr<WarmJob>;

void finish(const Job& job) {
  job->outcome.seconds = std::chrono::duration<double>(Clock::now() - job->started).count();
  auto done = std::move(job->done);
  if (done) done(std::move(job->outcome));
}

// A dispatcher stores a rendered answer with a message sent before it replies; one round trip to
// every rendered shard after the last reply means every store has been done (and is on disk).
void settle_stores(admin_pointer self, const Job& job) {
  auto pools = self->state.directory->current();
  const auto& group = pools->shards[static_cast<std::size_t>(ResourceKind::rendered)];
  if (group.empty()) return finish(job);
  auto left = std::make_shared<std::size_t>(group.size());
  for (auto& shard : group)
    self->request(shard, std::chrono::seconds(30), msg::stats_atom::value)
        .then([job, left](const msg::PoolSample&) { if (--*left == 0) finish(job); },
              [job, left](caf::error&) { if (--*left == 0) finish(job); });
}

void evaluate(const Job& job, const std::string& component, const std::string& locale, const std::string& body) {
  auto label = component + " (" + locale + ")";
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  const json::object* answer = value.if_object();
  if (ec || !answer) return job->outcome.failures.push_back(label + ": the dispatcher answered no JSON");
  if (auto* error = answer->if_contains("error"); error && error->is_object()) {
    auto message = get_string(error->get_object(), "message").value_or("an error");
    return job->outcome.failures.push_back(label + ": " + std::string(message));
  }
  auto* result = answer->if_contains("result");
  if (!result || !result->is_object()) return job->outcome.failures.push_back(label + ": no result");
  const auto& r = result->get_object();
  if (auto* failed = r.if_contains("isError"); failed && *failed == true) {
    std::string text = "the tool failed";
    if (auto* content = r.if_contains("content"); content && content->is_array() && !content->get_array().empty())
      if (auto* item = content->get_array().front().if_object())
        text = std::string(get_string(*item, "text").value_or(text));
    return job->outcome.failures.push_back(label + ": " + text);
  }
  ++job->outcome.answers;
}

void pump(admin_pointer self, const Job& job);

void call(admin_pointer self, const Job& job, std::string component, std::string locale) {
  auto pools = self->state.directory->current();
  if (pools->dispatchers.empty()) {
    job->outcome.failures.push_back(component + " (" + locale + "): no dispatcher is running");
    return;
  }
  auto id = job->next_id++;
  job->pending.insert(id);
  auto admin = caf::actor_cast<cache_admin_actor>(self);
  json::object arguments{{"name", component}, {"version", job->outcome.version}, {"locale", locale}};
  auto inbound = std::make_shared<msg::Inbound>();
  inbound->session = job->session;
  inbound->envelope = mcp::decode_body(
      mcp::encode_request(id, "tools/call", json::object{{"name", "get_component_api"}, {"arguments", arguments}}));
  inbound->exchange = std::make_shared<WarmExchange>(admin, [self, job, id, component, locale](std::string body) {
    if (!job->pending.erase(id)) return;  // timed out meanwhile
    evaluate(job, component, locale, body);
    pump(self, job);
  });
  auto& dispatcher = pools->dispatchers[self->state.next_dispatcher++ % pools->dispatchers.size()];
  caf::anon_send(dispatcher, msg::handle_atom::value, std::move(inbound));
  auto patience = self->state.settings.call_timeout + std::chrono::seconds(5);
  self->delayed_send(self, patience, msg::defer_atom::value, msg::Deferred{[self, job, id, component, locale, patience] {
                       if (!job->pending.erase(id)) return;
                       job->outcome.failures.push_back(component + " (" + locale + "): no answer within " +
                                                       std::to_string(patience.count() / 1000) + " s");
                       pump(self, job);
                     }});
}

void pump(admin_pointer self, const Job& job) {
  auto parallel = std::max<std::size_t>(1, self->state.settings.parallel_calls);
  while (job->pending.size() < parallel && !job->todo.empty()) {
    auto [component, locale] = std::move(job->todo.front());
    job->todo.pop_front();
    call(self, job, std::move(component), std::move(locale));
  }
  if (job->pending.empty() && job->todo.empty()) settle_stores(self, job);
}

// Builds (or reads) the catalog of every locale, then renders the components.
void warm_catalogs(admin_pointer self, const Job& job) {
  struct Gathered {
    std::size_t left;
    std::vector<std::string> locales;  // those whose catalog is there
    std::shared_ptr<const catalog::Model> model;
    std::vector<std::string> errors;
  };
  auto gathered = std::make_shared<Gathered>(Gathered{job->outcome.locales.size(), {}, nullptr, {}});
  for (const auto& locale : job->outcome.locales) {
    get(self, ResourceKind::catalog, catalog::catalog_key(job->outcome.version, locale),
        [self, job, gathered, locale](msg::CacheResult r) {
          if (r.entry && r.entry->model) {
            ++job->outcome.catalogs;
            gathered->locales.push_back(locale);
            if (!gathered->model) gathered->model = r.entry->model;
          } else {
            gathered->errors.push_back(locale + ": " + describe(r, "Varlet " + job->outcome.version + " " + locale));
          }
          if (--gathered->left > 0) return;
          if (!gathered->model) {
            std::string error;
            for (auto& e : gathered->errors) error += (error.empty() ? "" : "; ") + e;
            job->outcome.error = "cannot warm Varlet " + job->outcome.version + ", no catalog could be had: " + error;
            return finish(job);
          }
          for (auto& e : gathered->errors) job->outcome.failures.push_back(e);
          std::vector<std::string> components;
          if (job->plan.components) components = *job->plan.components;
          else
            for (const auto& c : gathered->model->components) components.push_back(c.kebab);
          for (const auto& l : gathered->locales)
            for (const auto& c : components) job->todo.emplace_back(c, l);
          job->outcome.wanted = job->todo.size();
          pump(self, job);
        });
  }
}

void start_warm(admin_pointer self, WarmPlan plan, std::function<void(WarmOutcome)> done) {
  auto job = std::make_shared<WarmJob>();
  const auto& s = self->state.settings;
  // The default, which stands for "project" as the server decided it at start.
  if (plan.version.empty() || plan.version == actors::project_version) plan.version = s.default_version;
  if (plan.locales.empty()) plan.locales.push_back(s.default_locale);
  job->outcome.locales = plan.locales;
  spdlog::info("warming Varlet {}: {} in {}", plan.version,
               !plan.components                 ? std::string("every component")
               : plan.components->size() == 1 ? std::string("1 component")
                                               : std::to_string(plan.components->size()) + " components",
               fmt::join(plan.locales, ", "));
  job->plan = std::move(plan);
  job->done = std::move(done);
  job->session->begin(std::string(mcp::latest_protocol_version), json::object{});
  resolve(self, job->plan.version, [self, job](std::string version, std::string error) {
    job->outcome.version = version.empty() ? job->plan.version : version;
    if (!error.empty()) {
      job->outcome.error = std::move(error);
      return finish(job);
    }
    warm_catalogs(self, job);
  });
}

// {"version"?: string, "components"?: [string], "locales"?: [string]}
std::variant<WarmPlan, std::string> warm_plan(const std::string& body) {
  WarmPlan plan;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return plan;
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec || !value.is_object()) return std::string("the body must be a JSON object such as {\"version\": \"3.20.6\"}");
  const auto& o = value.get_object();
  for (auto& [key, v] : o)
    if (key != "version" && key != "components" && key != "locales")
      return "unknown field \"" + std::string(key) + "\" (expected version, components, locales)";
  if (auto* v = o.if_contains("version")) {
    if (!v->is_string() || v->get_string().empty()) return std::string("\"version\" must be a non-empty string");
    plan.version = v->get_string();
  }
  auto strings = [&](std::string_view field, std::vector<std::string>& out) -> std::string {
    auto* v = o.if_contains(field);
    if (!v) return {};
    if (!v->is_array()) return "\"" + std::string(field) + "\" must be an array of strings";
    for (auto& item : v->get_array()) {
      if (!item.is_string() || item.get_string().empty())
        return "\"" + std::string(field) + "\" must be an array of non-empty strings";
      out.emplace_back(item.get_string());
    }
    return {};
  };
  if (o.contains("components")) {
    plan.components.emplace();
    if (auto e = strings("components", *plan.components); !e.empty()) return e;
  }
  std::vector<std::string> locales;
  if (auto e = strings("locales", locales); !e.empty()) return e;
  for (auto& l : locales) {
    auto normalized = actors::normalize_locale(l);
    if (!normalized) return "unknown locale \"" + l + "\": use en-US or zh-CN";
    plan.locales.push_back(*normalized);
  }
  return plan;
}

// ---- invalidation ---------------------------------------------------------------------------

void invalidate(admin_pointer self, InvalidationPlan plan,
                caf::typed_response_promise<std::uint16_t, std::string> promise) {
  struct Tally {
    std::size_t left = 0;
    std::array<std::uint64_t, msg::resource_kind_count> dropped{};
    std::vector<std::string> errors;
  };
  auto tally = std::make_shared<Tally>();
  auto pools = self->state.directory->current();
  for (auto& [kind, pattern] : plan.patterns) tally->left += pools->shards[static_cast<std::size_t>(kind)].size();
  auto answer = [promise, tally]() mutable {
    json::object kinds;
    std::uint64_t total = 0;
    for (std::size_t k = 0; k < msg::resource_kind_count; ++k) {
      kinds[msg::resource_kind_names[k]] = tally->dropped[k];
      total += tally->dropped[k];
    }
    json::object out{{"dropped", total}, {"kinds", std::move(kinds)}};
    if (!tally->errors.empty()) {
      json::array errors;
      for (auto& e : tally->errors) errors.emplace_back(e);
      out["errors"] = std::move(errors);
    }
    promise.deliver(static_cast<std::uint16_t>(tally->errors.empty() ? 200 : 500), json::serialize(out));
  };
  if (tally->left == 0) return answer();
  for (auto& [kind, pattern] : plan.patterns) {
    auto k = static_cast<std::size_t>(kind);
    for (auto& shard : pools->shards[k])
      self->request(shard, std::chrono::seconds(60), msg::invalidate_atom::value, pattern)
          .then(
              [tally, answer, k](std::uint64_t n) mutable {
                tally->dropped[k] += n;
                if (--tally->left == 0) answer();
              },
              [tally, answer, k, self](caf::error& err) mutable {
                tally->errors.push_back(std::string(msg::resource_kind_names[k]) +
                                        " shard: " + self->system().render(err));
                if (--tally->left == 0) answer();
              });
  }
}

// ---- following the default version -----------------------------------------------------------

void follow(admin_pointer self) {
  const auto& s = self->state.settings;
  if (s.follow_interval.count() <= 0) return;
  self->delayed_send(self, s.follow_interval, msg::tick_atom::value);
  // The version cache reloads the resolution once its TTL has passed and tells subscribed clients
  // when it moved; here the new version's catalog and warm list are prepared.
  get(self, ResourceKind::version, s.default_version, [self](msg::CacheResult r) {
    if (!r.entry || !r.entry->bytes || r.entry->absent || r.entry->stale) return;
    auto now = *r.entry->bytes;
    auto& before = self->state.followed;
    if (!before.empty() && before != now) {
      spdlog::info("Varlet {} moved from {} to {}; warming {}", self->state.settings.default_version, before, now, now);
      WarmPlan plan;
      plan.version = now;
      plan.components = self->state.settings.follow_warm;
      start_warm(self, std::move(plan), [](WarmOutcome o) {
        if (!o.ok()) spdlog::warn("warming Varlet {} after the move: {}", o.version, json::serialize(o.to_json()));
      });
    }
    before = now;
  });
}

cache_admin_actor::behavior_type cache_admin(admin_pointer self, std::shared_ptr<const msg::Directory> directory,
                                             CacheAdminSettings settings) {
  self->state.directory = std::move(directory);
  self->state.settings = std::move(settings);
  return {
      [self](msg::warm_atom, const std::string& body) -> caf::result<std::uint16_t, std::string> {
        auto plan = warm_plan(body);
        if (auto* error = std::get_if<std::string>(&plan))
          return {std::uint16_t{400}, json::serialize(json::object{{"error", *error}})};
        auto promise = self->make_response_promise<std::uint16_t, std::string>();
        start_warm(self, std::move(std::get<WarmPlan>(plan)), [promise](WarmOutcome o) mutable {
          promise.deliver(static_cast<std::uint16_t>(o.error.empty() ? 200 : 502), json::serialize(o.to_json()));
        });
        return promise;
      },
      [self](msg::invalidate_atom, const std::string& body) -> caf::result<std::uint16_t, std::string> {
        boost::system::error_code ec;
        auto value = json::parse(body, ec);
        auto plan = ec ? InvalidationPlan{{}, "the body is not JSON (" + ec.message() + ")"} : invalidation_plan(value);
        if (!plan.error.empty()) return {std::uint16_t{400}, json::serialize(json::object{{"error", plan.error}})};
        auto promise = self->make_response_promise<std::uint16_t, std::string>();
        invalidate(self, std::move(plan), promise);
        return promise;
      },
      [self](msg::warm_atom, WarmOrder& order) { start_warm(self, std::move(order.plan), std::move(order.done)); },
      [](msg::defer_atom, const msg::Deferred& deferred) { deferred.work(); },
      [self](msg::tick_atom) { follow(self); },
  };
}

}  // namespace

json::object WarmOutcome::to_json() const {
  json::array locale_list, failure_list;
  for (auto& l : locales) locale_list.emplace_back(l);
  for (auto& f : failures) failure_list.emplace_back(f);
  json::object out{{"ok", ok()},           {"version", version},   {"locales", std::move(locale_list)},
                   {"catalogs", catalogs}, {"answers", answers},   {"wanted", wanted},
                   {"failures", std::move(failure_list)},          {"seconds", seconds}};
  if (!error.empty()) out["error"] = error;
  return out;
}

InvalidationPlan invalidation_plan(const json::value& body) {
  InvalidationPlan plan;
  const auto* o = body.if_object();
  if (!o) return {{}, "the body must be a JSON object: {\"pattern\": \"glob\"} or {\"version\": \"3.20.6\"}"};
  auto* pattern = o->if_contains("pattern");
  auto* version = o->if_contains("version");
  auto* kind = o->if_contains("kind");
  for (auto& [key, v] : *o)
    if (key != "pattern" && key != "version" && key != "kind")
      return {{}, "unknown field \"" + std::string(key) + "\" (expected pattern, kind or version)"};
  if ((pattern != nullptr) == (version != nullptr))
    return {{}, "give either \"pattern\" (a glob over cache keys) or \"version\" (a version, tag or range)"};
  if (pattern) {
    if (!pattern->is_string() || pattern->get_string().empty()) return {{}, "\"pattern\" must be a non-empty string"};
    std::optional<std::size_t> only;
    if (kind) {
      for (std::size_t k = 0; kind->is_string() && k < msg::resource_kind_count; ++k)
        if (msg::resource_kind_names[k] == kind->get_string()) only = k;
      if (!only) {
        std::string names;
        for (auto n : msg::resource_kind_names) names += (names.empty() ? "" : ", ") + std::string(n);
        return {{}, "\"kind\" must be one of " + names};
      }
    }
    for (std::size_t k = 0; k < msg::resource_kind_count; ++k)
      if (!only || *only == k) plan.patterns.emplace_back(static_cast<ResourceKind>(k), std::string(pattern->get_string()));
    return plan;
  }
  if (kind) return {{}, "\"kind\" goes with \"pattern\" only"};
  if (!version->is_string() || version->get_string().empty()) return {{}, "\"version\" must be a non-empty string"};
  std::string spec(version->get_string());
  if (auto v = actors::parse_semver(spec)) {
    // Everything derived from one version's content (keys as messages/cache.hpp lists them).
    auto concrete = v->str();
    plan.patterns = {{ResourceKind::package_file, "@varlet/ui@" + concrete + "/*"},
                     {ResourceKind::docs_file, "varletjs/varlet@v" + concrete + "/*"},
                     {ResourceKind::catalog, concrete + "/*"},
                     {ResourceKind::rendered, "*\n" + concrete + "\n*"}};
  } else {
    // A tag or range: its resolution, looked up again on the next call.
    plan.patterns = {{ResourceKind::version, spec}};
  }
  return plan;
}

cache_admin_actor spawn_cache_admin(caf::actor_system& system, std::shared_ptr<const msg::Directory> directory,
                                    CacheAdminSettings settings) {
  return system.spawn(cache_admin, std::move(directory), std::move(settings));
}

}  // namespace varlet::runtime
