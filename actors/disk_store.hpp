#pragma once
// L2: the entries of every resource kind as files in `<root>/<kind>/`, one per key (the format is
// actors/l2_format), written atomically (temp file, fsync, rename), under one size cap for the
// whole folder (least recently used out). A truncated or corrupt file is counted, removed and
// reported as a miss, never served.
//
// Blocking file I/O: one instance belongs to the disk actor (not thread-safe). Other processes may
// share the folder: files may vanish or appear under an instance at any moment.
#include "messages/disk.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace varlet::actors {

class DiskStore {
public:
  struct Stats {
    std::uint64_t entries = 0, bytes = 0;  // files and their sizes on disk, as this instance knows them
    std::uint64_t max_bytes = 0;           // the cap
    std::uint64_t evictions = 0;           // files removed to stay under the cap
    std::array<std::uint64_t, msg::resource_kind_count> corrupt{};  // unreadable files found and removed
  };

  struct WriteFailure {
    std::string reason;   // what a log line is rate-limited by: an errno name ("ENOSPC") or "too-large"
    std::string message;  // for people: what failed, where, and what to check
  };

  // Creates the folders if needed, indexes the files already there (oldest written first out) and
  // removes temporary files that a dead process left behind. Throws when the root cannot be made.
  DiskStore(const std::filesystem::path& root, std::uint64_t max_bytes);

  // The entry for `key` of any age (the caller decides what expired), or nothing.
  std::optional<msg::DiskRecord> read(msg::ResourceKind kind, const std::string& key);

  // Stores (or replaces) the entry; returns why it could not, nothing on success.
  std::optional<WriteFailure> write(msg::ResourceKind kind, const std::string& key, const msg::DiskRecord& record);

  bool contains(msg::ResourceKind kind, const std::string& key) const;
  bool remove(msg::ResourceKind kind, const std::string& key);
  // Removes every entry of `kind` whose key matches; returns their keys. Reads each file's header.
  std::vector<std::string> remove_if(msg::ResourceKind kind, const std::function<bool(const std::string& key)>& match);

  Stats stats() const;
  std::filesystem::path path_of(msg::ResourceKind kind, const std::string& key) const;

private:
  struct Slot {
    std::uint64_t bytes = 0;
    std::list<std::string>::iterator position;
  };

  void scan(msg::ResourceKind kind);
  std::filesystem::path folder(msg::ResourceKind kind) const;
  std::string file_of(msg::ResourceKind kind, const std::string& key) const;  // "<kind>/<hash>.l2", the index key
  void note(const std::string& file, std::uint64_t bytes);  // most recently used now
  void forget(const std::string& file);
  void drop(const std::string& file);
  void discard_corrupt(msg::ResourceKind kind, const std::string& file);
  void evict_except(const std::string& keep);

  std::filesystem::path root_;
  std::uint64_t max_bytes_;
  std::uint64_t bytes_ = 0;
  Stats counters_;
  std::list<std::string> order_;  // files, least recently used first
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace varlet::actors
