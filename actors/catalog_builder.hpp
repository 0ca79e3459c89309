#pragma once
// Building the catalog of one (version, locale): a short-lived builder actor asks the package-file
// shards for what the pure builder needs, round after round, then builds the model off the shard's
// own thread. Its JSON form is what L2 stores.
#include "actors/loaders.hpp"

#include <optional>

namespace varlet::actors {

// The catalog group's loader; keys are "<version>/<locale>".
Loader catalog_loader(UpstreamSources sources);

// Restores the model from an L2 entry's bytes; nothing when they do not decode.
std::optional<msg::CacheEntry> decode_catalog_entry(msg::CacheEntry entry);

}  // namespace varlet::actors
