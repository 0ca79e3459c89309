#include "actors/loaders.hpp"

#include "actors/versions.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>

namespace varlet::actors {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view ui_package = "@varlet/ui";
constexpr std::string_view index_key = "*index";

std::atomic<std::size_t> next_fetcher{0};

msg::FetchError internal(std::string message) {
  return {msg::FetchErrorKind::internal, std::move(message), 0, true};
}

// "@varlet/ui@3.20.6/types/button.d.ts" -> "@varlet/ui@3.20.6"
std::string package_folder(const std::string& key) {
  auto at = key.find('@', 1);
  auto slash = at == std::string::npos ? std::string::npos : key.find('/', at);
  return key.substr(0, slash);
}

void tell_transports(const msg::Pools& pools, const std::string& method, const std::string& uri) {
  for (auto& t : pools.transports) caf::anon_send(t, msg::notify_atom::value, method, uri);
}

msg::CacheEntry bytes_entry(std::string body) {
  msg::CacheEntry e;
  e.bytes = std::make_shared<const std::string>(std::move(body));
  return e;
}

}  // namespace

void fetch_from_pool(cache_shard_pointer self, msg::FetchRequest request, std::chrono::milliseconds timeout,
                     std::function<void(msg::FetchResult)> done) {
  auto pools = self->state.directory->current();
  if (pools->fetchers.empty()) {
    msg::FetchResult r;
    r.error = internal("no fetcher is running");
    return done(std::move(r));
  }
  auto& target = pools->fetchers[next_fetcher++ % pools->fetchers.size()];
  self->request(target, timeout, msg::fetch_atom::value, std::move(request))
      .then([done](msg::FetchResult& r) { done(std::move(r)); },
            [done, self](caf::error& err) {
              msg::FetchResult r;
              r.error = internal("the fetcher did not answer (" + self->system().render(err) + "); please retry");
              done(std::move(r));
            });
}

msg::CacheResult to_cache_result(msg::FetchResult result) {
  if (result.body) {
    msg::CacheEntry entry;
    entry.bytes = std::move(result.body);
    return {std::move(entry), std::nullopt};
  }
  if (result.error && result.error->kind == msg::FetchErrorKind::not_found) {
    msg::CacheEntry absent;
    absent.absent = true;
    return {std::move(absent), std::nullopt};
  }
  return {std::nullopt, result.error ? *result.error : internal("the upstream answered nothing")};
}

Loader package_file_loader(UpstreamSources sources) {
  return [sources](cache_shard_pointer self, const std::string& key, std::function<void(msg::CacheResult)> done) {
    msg::FetchRequest request;
    std::error_code ec;
    if (!sources.package_dir.empty() && fs::is_directory(fs::path(sources.package_dir) / package_folder(key), ec)) {
      request.url = "file://" + (fs::path(sources.package_dir) / key).string();
      request.upstream = "package-dir";
    } else if (!sources.npm_base.empty()) {
      request.url = sources.npm_base + "/" + key;
      request.upstream = "npm";
    } else {
      return done({std::nullopt, msg::FetchError{msg::FetchErrorKind::offline,
                                                 package_folder(key) + " is not in the local snapshot ([upstream] "
                                                 "package-dir) and no npm CDN is configured ([upstream] npm-base)",
                                                 0, false}});
    }
    fetch_from_pool(self, std::move(request), sources.fetch_timeout,
                    [done](msg::FetchResult r) { done(to_cache_result(std::move(r))); });
  };
}

Loader docs_file_loader(UpstreamSources sources) {
  return [sources](cache_shard_pointer self, const std::string& key, std::function<void(msg::CacheResult)> done) {
    if (sources.github_base.empty())
      return done({std::nullopt, msg::FetchError{msg::FetchErrorKind::offline,
                                                 "no GitHub CDN is configured ([upstream] github-base)", 0, false}});
    msg::FetchRequest request{sources.github_base + "/" + key, "", "github"};
    fetch_from_pool(self, std::move(request), sources.fetch_timeout,
                    [done](msg::FetchResult r) { done(to_cache_result(std::move(r))); });
  };
}

namespace {

// The list of versions and tags: from the versions API (revalidated with its ETag), else from the
// local snapshot.
void load_index(cache_shard_pointer self, const UpstreamSources& sources, std::function<void(msg::CacheResult)> done) {
  auto local = [sources]() -> std::optional<msg::CacheEntry> {
    if (sources.package_dir.empty()) return std::nullopt;
    auto index = local_version_index(sources.package_dir, ui_package);
    if (index.versions.empty()) return std::nullopt;
    return bytes_entry(version_index_json(index, ui_package));
  };
  if (sources.versions_api.empty()) {
    if (auto entry = local()) return done({std::move(*entry), std::nullopt});
    return done({std::nullopt, msg::FetchError{msg::FetchErrorKind::offline,
                                               "no versions API is configured and the local snapshot is empty", 0,
                                               false}});
  }
  msg::FetchRequest request{sources.versions_api, "", "versions"};
  std::shared_ptr<const std::string> previous;
  if (auto old = previous_entry(self->state, std::string(index_key)); old && old->bytes) {
    request.etag = old->etag;
    previous = old->bytes;
  }
  fetch_from_pool(self, std::move(request), sources.fetch_timeout, [done, local, previous](msg::FetchResult r) {
    if (r.not_modified && previous) {
      msg::CacheEntry same;
      same.bytes = previous;
      same.etag = r.etag;
      return done({std::move(same), std::nullopt});
    }
    if (r.body) {
      auto parsed = parse_version_index(*r.body);
      if (parsed.index) {
        auto entry = bytes_entry(version_index_json(*parsed.index, ui_package));
        entry.etag = r.etag;
        return done({std::move(entry), std::nullopt});
      }
      r.error = msg::FetchError{msg::FetchErrorKind::corrupt, "the versions API answered garbage: " + parsed.error, 0,
                                true};
    }
    if (auto entry = local()) {
      spdlog::warn("versions API unavailable ({}); resolving against the local snapshot",
                   r.error ? r.error->message : "no answer");
      return done({std::move(*entry), std::nullopt});
    }
    done({std::nullopt, r.error ? *r.error : internal("the versions API answered nothing")});
  });
}

}  // namespace

Loader version_loader(UpstreamSources sources) {
  return [sources](cache_shard_pointer self, const std::string& key, std::function<void(msg::CacheResult)> done) {
    if (key == index_key) return load_index(self, sources, std::move(done));
    // What the key resolved to before (expired in memory, or on disk after a restart), to see a move.
    std::shared_ptr<const std::string> before;
    if (auto old = previous_entry(self->state, key); old && old->bytes && !old->absent) before = old->bytes;
    auto pools = self->state.directory->current();
    const auto* index_shard = pools->shard_for(msg::ResourceKind::version, std::string(index_key));
    if (!index_shard) return done({std::nullopt, internal("the version cache is not running")});
    self->request(*index_shard, sources.fetch_timeout, msg::get_atom::value,
                  msg::CacheKey{msg::ResourceKind::version, std::string(index_key)})
        .then(
            [self, key, done, before, sources](msg::CacheResult& r) {
              if (!r.entry || !r.entry->bytes) return done({std::nullopt, r.error});
              auto parsed = parse_version_index(*r.entry->bytes);
              if (!parsed.index) return done({std::nullopt, internal("the cached version list is unreadable")});
              auto resolution = resolve_version(*parsed.index, key);
              if (resolution.failure == ResolveFailure::no_match) {
                msg::CacheEntry absent;
                absent.absent = true;
                return done({std::move(absent), std::nullopt});
              }
              if (resolution.failure == ResolveFailure::invalid_specifier)
                return done({std::nullopt, msg::FetchError{msg::FetchErrorKind::not_found, resolution.error, 0, false}});
              if (before && *before != resolution.version && key == sources.default_spec) {
                spdlog::info("Varlet {} now resolves to {} (was {}); telling subscribed clients", key,
                             resolution.version, *before);
                auto pools = self->state.directory->current();
                tell_transports(*pools, "notifications/resources/list_changed", "");
                tell_transports(*pools, "notifications/resources/updated", "varlet://*");
              }
              auto entry = bytes_entry(resolution.version);
              entry.stale = r.entry->stale;
              done({std::move(entry), std::nullopt});
            },
            [done, self](caf::error& err) { done({std::nullopt, internal("version list: " + self->system().render(err))}); });
  };
}

}  // namespace varlet::actors
