#pragma once
// L2: the entries of one resource kind as files in `<root>/<kind>/`, one per key, each a checksummed
// header and a zlib-compressed payload, written atomically and capped in size (least recently used
// out). A truncated or corrupt file is counted, removed and reported as a miss, never served.
//
// One instance is used by one actor at a time (not thread-safe), but several instances, in this
// process or another, may share a folder: writes land by atomic rename, and files may vanish or
// appear under an instance at any moment.
#include "messages/disk.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>

namespace varlet::actors {

using msg::DiskRecord;

class DiskStore {
public:
  struct Stats {
    std::uint64_t entries = 0, bytes = 0;  // files and their sizes on disk, as this instance knows them
    std::uint64_t corrupt = 0;             // unreadable files found and removed
    std::uint64_t evictions = 0;           // files removed to stay under the size cap
  };

  // Creates the folder if needed, indexes the files already there (oldest written first out) and
  // removes temporary files that a dead process left behind.
  DiskStore(const std::filesystem::path& root, msg::ResourceKind kind, std::uint64_t max_bytes);

  // The entry for `key` unless it has expired; read_any_age also returns an expired one (served
  // stale when the upstream fails).
  std::optional<DiskRecord> read(const std::string& key);
  std::optional<DiskRecord> read_any_age(const std::string& key);

  // Stores (or replaces) the entry; returns why it could not, nothing on success.
  std::optional<std::string> write(const std::string& key, const DiskRecord& record);

  bool remove(const std::string& key);
  // Removes every entry whose key matches; returns how many. Reads each file's header.
  std::size_t remove_if(const std::function<bool(const std::string& key)>& match);

  Stats stats() const;
  const std::filesystem::path& folder() const { return folder_; }
  std::filesystem::path path_of(const std::string& key) const;

private:
  struct Slot {
    std::uint64_t bytes = 0;
    std::list<std::string>::iterator position;
  };

  std::optional<DiskRecord> load(const std::string& key, bool any_age);
  void scan();
  void note(const std::string& file, std::uint64_t bytes);  // most recently used now
  void forget(const std::string& file);
  void discard_corrupt(const std::filesystem::path& path);
  void evict_except(const std::string& keep);

  std::filesystem::path folder_;
  msg::ResourceKind kind_;
  std::uint64_t max_bytes_;
  std::uint64_t bytes_ = 0;
  std::uint64_t corrupt_ = 0, evictions_ = 0;
  std::list<std::string> order_;  // file names, least recently used first
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace varlet::actors
