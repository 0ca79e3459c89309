#pragma once
// `search` (ranked components, props, events, slots, guides and examples for a question) and
// `find_components` (which components have a given prop, event or slot).
#include "catalog/docs/tool_support.hpp"
#include "catalog/search/corpus.hpp"
#include "catalog/tool.hpp"

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace varlet::catalog::search {

// The search indexes built so far, by version, locale and the docs they hold; the least recently
// used goes when `capacity` is reached. Safe to share between threads.
class IndexCache {
public:
  explicit IndexCache(std::size_t capacity = 8) : capacity_(capacity ? capacity : 1) {}
  std::shared_ptr<const Index> get(const std::string& key, const std::function<Index()>& build);

private:
  std::mutex mutex_;
  std::size_t capacity_;
  std::list<std::pair<std::string, std::shared_ptr<const Index>>> entries_;  // most recent first
};

// The index comes from `cache`, built on first use from the call's model, the other locale's model
// (options.model_lookup) and, with options.search_reads_docs, the docs site menu and pages.
ToolDefinition search_tool(const docs::DocsToolsOptions& options, std::shared_ptr<IndexCache> cache);
ToolDefinition find_components_tool();

}  // namespace varlet::catalog::search
