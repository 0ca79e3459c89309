#pragma once
// The dispatcher's application: what a tools/call, resources/read, prompts/get or
// completion/complete needs, gathered from the cache shards, then handed to pure catalog code.
#include "actors/dispatcher.hpp"
#include "mcp/fixtures.hpp"

#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace varlet::actors {

// A rendered answer as the cache keeps it: with a place for its gzip form, which the first answer
// sent gzip-encoded fills (compression/spliceable.hpp). Also restores that place for an entry read
// from disk.
std::optional<msg::CacheEntry> with_gzip_form(msg::CacheEntry entry);

class DispatcherApplication final : public mcp::Application, public mcp::Timer {
public:
  DispatcherApplication(dispatcher_pointer self, std::shared_ptr<const Services> services,
                        std::shared_ptr<const msg::Directory> directory);

  void call_tool(const mcp::RequestContext& ctx, const mcp::ToolSpec& tool, json::object arguments,
                 mcp::Reply reply) override;
  void read_resource(const mcp::RequestContext& ctx, const std::string& uri,
                     const std::optional<std::pair<const mcp::ResourceTemplateSpec*, Vars>>& match,
                     mcp::Reply reply) override;
  void get_prompt(const mcp::RequestContext& ctx, const mcp::PromptSpec& prompt, Vars arguments,
                  mcp::Reply reply) override;
  void resource_exists(const mcp::RequestContext& ctx, const std::string& uri,
                       const std::pair<const mcp::ResourceTemplateSpec*, Vars>& match,
                       std::function<void(bool)> done) override;
  void complete(const mcp::RequestContext& ctx, const json::object& ref, const std::string& argument,
                const std::string& value, const Vars& context, mcp::Reply reply) override;

  void after(std::chrono::milliseconds delay, std::function<void()> work) override;

private:
  struct Call;
  void get(msg::ResourceKind kind, std::string key, std::function<void(msg::CacheResult)> done);
  // How long what a version spec resolved to stays true.
  struct Freshness {
    bool pinned = false;       // a concrete version: for good
    bool stale = false;        // an expired resolution, served because the upstream failed
    std::int64_t expires = 0;  // unix seconds the resolution is fresh until, 0 = not known
    // The cache hint of an answer built on it: nothing when not known.
    std::optional<std::int64_t> keep_ms() const;
  };
  // ok: the concrete version and how fresh it is; else why not.
  using ResolvedVersion = std::function<void(bool ok, std::string version_or_error, Freshness)>;
  // The version spec of a call that asked for `requested` (empty: none), "project" decided.
  VersionChoice choose(const mcp::RequestContext& ctx, std::string_view requested = {}) const;
  void resolve_version(const std::string& spec, ResolvedVersion done);
  void with_model(const std::string& version, const std::string& locale,
                  std::function<void(std::shared_ptr<const catalog::Model>, bool stale, std::string error)> done);
  void start(const std::shared_ptr<Call>& call);
  void gather_docs(const std::shared_ptr<Call>& call, int round);
  void gather_models(const std::shared_ptr<Call>& call, int round);
  void finish(const std::shared_ptr<Call>& call);
  using DocsFiles = decltype(catalog::ToolInputs::docs);
  // Repository files of a version through the docs cache; failure says why one could not be had.
  void fetch_docs(const std::string& version, std::vector<std::string> paths,
                  std::function<void(DocsFiles, bool stale, std::string failure)> done);

  dispatcher_pointer self_;
  std::shared_ptr<const Services> services_;
  msg::DirectoryView directory_;
  std::unique_ptr<mcp::ConformanceFixtures> fixtures_;
};

// The locale a caller meant ("zh", "zh-cn", "en") as en-US or zh-CN; nothing when unknown.
std::optional<std::string> normalize_locale(std::string_view requested);

// A version written exactly as the package names it ("3.20.6", "3.0.0-alpha.1"); "v3.20.6" or
// "=3.20.6" are ranges the version index resolves.
bool is_concrete_version(const std::string& v);

// The version spec a request that asked for `requested` (empty: none) is served, "project" decided.
VersionChoice choose_for(const Services& services, const mcp::RequestContext& ctx, std::string_view requested);

// What a call of a catalog tool names before anything is looked up: its locale and version spec.
struct CallTarget {
  std::string locale;
  VersionChoice version;
};
// The call's target, or the error result that answers it at once (an unknown locale, no version).
std::variant<CallTarget, mcp::Outcome> call_target(const Services& services, const mcp::RequestContext& ctx,
                                                   const catalog::ToolDefinition& def, const json::object& args);

// The rendered cache's key of a call of `def` with `args` on a concrete version.
std::string rendered_key_of(const catalog::ToolDefinition& def, const json::object& args, std::string_view version,
                            std::string_view locale);

// A rendered answer from the cache as a call gets it: with what the project said in its _meta (a
// copy then), else the cached bytes and their gzip form as they are.
mcp::Outcome cached_answer(const std::shared_ptr<const std::string>& bytes,
                           const std::shared_ptr<const compression::Spliceable>& spliceable, const json::object& project);

}  // namespace varlet::actors
