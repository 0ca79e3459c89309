#pragma once
// What each cache shard group does on a miss: package and docs files come from an upstream
// through the fetcher pool, versions from the versions API (or the local snapshot), catalogs
// from a builder that gathers package files.
#include "actors/cache_shard.hpp"

#include <chrono>
#include <string>

namespace varlet::actors {

struct UpstreamSources {
  std::string package_dir;   // local snapshot in CDN layout; empty: none
  std::string npm_base;
  std::string github_base;
  std::string versions_api;  // empty: the local snapshot is all there is
  std::string default_spec;  // the configured version; when its resolution moves, clients hear of it
  std::chrono::milliseconds fetch_timeout{60000};
};

Loader package_file_loader(UpstreamSources sources);
Loader docs_file_loader(UpstreamSources sources);
Loader version_loader(UpstreamSources sources);

// Sends `request` to a fetcher of the pool; `done` gets the result, or a typed error when no
// fetcher answers.
void fetch_from_pool(cache_shard_pointer self, msg::FetchRequest request, std::chrono::milliseconds timeout,
                     std::function<void(msg::FetchResult)> done);

// A fetch result as a cache result: the body, a remembered absence (404), or the error.
msg::CacheResult to_cache_result(msg::FetchResult result);

}  // namespace varlet::actors
