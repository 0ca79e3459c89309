#include "actors/catalog_builder.hpp"

#include "catalog/builder.hpp"
#include "catalog/model.hpp"

#include <spdlog/spdlog.h>

namespace varlet::actors {
namespace {

using builder_pointer = msg::builder_actor::pointer;

msg::FetchError build_error(msg::FetchErrorKind kind, std::string message, bool retryable) {
  return {kind, std::move(message), 0, retryable};
}

struct Build {
  std::string version;
  std::string locale;
  catalog::PackageFiles files;
  caf::typed_response_promise<msg::CacheResult> promise;
  std::chrono::milliseconds timeout;
  int rounds = 0;
};

bool is_icons_file(const std::string& path) { return path.rfind("@varlet/icons@", 0) == 0; }

void finish(builder_pointer self, const std::shared_ptr<Build>& build, msg::CacheResult result) {
  build->promise.deliver(std::move(result));
  self->quit();
}

void build_now(builder_pointer self, const std::shared_ptr<Build>& build) {
  auto started = std::chrono::steady_clock::now();
  auto built = catalog::build_model(build->version, build->locale, build->files);
  if (!built.model)
    return finish(self, build, {std::nullopt, build_error(msg::FetchErrorKind::corrupt, built.error, false)});
  for (auto& warning : built.warnings) spdlog::debug("catalog {}/{}: {}", build->version, build->locale, warning);
  msg::CacheEntry entry;
  entry.model = built.model;
  entry.bytes = std::make_shared<const std::string>(json::serialize(catalog::model_to_json(*built.model)));
  spdlog::info("built the Varlet {} {} catalog from {} files in {} ms", build->version, build->locale,
               build->files.size(),
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  finish(self, build, {std::move(entry), std::nullopt});
}

// One round: fetch whatever the builder still needs, then ask it again.
void gather(builder_pointer self, const std::shared_ptr<Build>& build,
            const std::shared_ptr<const msg::Directory>& directory) {
  auto needed = catalog::files_needed(build->version, build->locale, build->files);
  if (needed.empty()) return build_now(self, build);
  if (++build->rounds > 8)
    return finish(self, build,
                  {std::nullopt, build_error(msg::FetchErrorKind::internal, "the catalog kept asking for files", false)});
  auto pools = directory->current();
  auto pending = std::make_shared<std::size_t>(needed.size());
  auto failed = std::make_shared<bool>(false);
  for (auto& path : needed) {
    const auto* shard = pools->shard_for(msg::ResourceKind::package_file, path);
    if (!shard) {  // the server is stopping
      *failed = true;
      return finish(self, build,
                    {std::nullopt, build_error(msg::FetchErrorKind::internal, "the package cache is not running", true)});
    }
    self->request(*shard, build->timeout, msg::get_atom::value, msg::CacheKey{msg::ResourceKind::package_file, path})
        .then(
            [self, build, directory, path, pending, failed](msg::CacheResult& r) {
              if (*failed) return;
              if (r.entry && r.entry->absent) {
                build->files[path] = std::nullopt;
              } else if (r.entry && r.entry->bytes) {
                build->files[path] = *r.entry->bytes;
              } else if (is_icons_file(path)) {
                // Icon names are an extra; a package whose icons cannot be had (some releases name
                // an @varlet/icons version that was never published) still gets its component API.
                spdlog::warn("building the Varlet {} catalog without icons: {}: {}", build->version, path,
                             r.error ? r.error->message : "no answer");
                build->files[path] = std::nullopt;
              } else {
                *failed = true;
                auto error = r.error ? *r.error : build_error(msg::FetchErrorKind::internal, "no answer", true);
                error.message = "Cannot build the Varlet " + build->version + " catalog: " + path + ": " + error.message;
                return finish(self, build, {std::nullopt, std::move(error)});
              }
              if (--*pending == 0) gather(self, build, directory);
            },
            [self, build, pending, failed](caf::error& err) {
              if (*failed) return;
              *failed = true;
              finish(self, build,
                     {std::nullopt, build_error(msg::FetchErrorKind::internal,
                                                "the package cache failed while building the catalog: " +
                                                    self->system().render(err),
                                                true)});
            });
  }
}

msg::builder_actor::behavior_type builder(builder_pointer self, std::shared_ptr<const msg::Directory> directory,
                                          std::chrono::milliseconds timeout) {
  return {[self, directory, timeout](msg::build_atom, const std::string& version,
                                     const std::string& locale) -> caf::result<msg::CacheResult> {
    auto build = std::make_shared<Build>();
    build->version = version;
    build->locale = locale;
    build->timeout = timeout;
    build->promise = self->make_response_promise<msg::CacheResult>();
    gather(self, build, directory);
    return build->promise;
  }};
}

}  // namespace

Loader catalog_loader(UpstreamSources sources) {
  return [sources](cache_shard_pointer self, const std::string& key, std::function<void(msg::CacheResult)> done) {
    auto parsed = catalog::parse_catalog_key(key);
    if (!parsed)
      return done({std::nullopt, build_error(msg::FetchErrorKind::internal, "bad catalog key " + key, false)});
    auto worker = self->spawn(builder, self->state.directory, sources.fetch_timeout);
    self->request(worker, sources.fetch_timeout * 4, msg::build_atom::value, parsed->first, parsed->second)
        .then([done](msg::CacheResult& r) { done(std::move(r)); },
              [done, self](caf::error& err) {
                done({std::nullopt, build_error(msg::FetchErrorKind::internal,
                                                "the catalog builder stopped: " + self->system().render(err), true)});
              });
  };
}

std::optional<msg::CacheEntry> decode_catalog_entry(msg::CacheEntry entry) {
  if (!entry.bytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = json::parse(*entry.bytes, ec);
  if (ec) return std::nullopt;
  auto model = catalog::model_from_json(value);
  if (!model) return std::nullopt;
  entry.model = std::move(model);
  return entry;
}

}  // namespace varlet::actors
