#pragma once
// API keys of the team service. The keys file (`[auth] keys-file`, written by `varlet-mcp keys`)
// holds one line per client: its name, the SHA-256 of its key and when it was made; never a key.
// A request's `Authorization: Bearer KEY` names its client for limits and logs. The file is read
// again when it changes, so a key added or revoked counts within a second, without a restart.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace varlet::transports {

struct KeyEntry {
  std::string name;     // the client's name: letters, digits, '.', '_', '-'; at most 64
  std::string hash;     // lowercase hex SHA-256 of the key
  std::string created;  // UTC, ISO 8601
};

// The credentials of an `Authorization: Bearer ...` header (the scheme in any case), or nothing.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// A client name keys may carry.
bool valid_key_name(std::string_view name);
// Lowercase hex SHA-256 of `key`.
std::string key_hash(std::string_view key);
// A new key: "vmk_" and 256 random bits, URL-safe Base64.
std::string new_api_key();

// The entries of a keys file; an error names the file and the line that is wrong. A missing file
// is an error too: with keys configured, no file must not mean open doors.
struct KeysFile {
  std::vector<KeyEntry> entries;
  std::string error;
};
KeysFile read_keys_file(const std::filesystem::path& file);
// Writes the file whole (a new file renamed over the old one), readable by its owner only.
std::string write_keys_file(const std::filesystem::path& file, const std::vector<KeyEntry>& entries);

class ApiKeys {
public:
  // Reads the file at once; error() says why it cannot be used.
  explicit ApiKeys(std::filesystem::path file);
  const std::string& error() const { return error_; }
  // The client whose key this is, or nothing for a key the file does not hold.
  std::optional<std::string> client_of(std::string_view key);
  // Reads the file again now, changed or not.
  void reload_now();

private:
  using Names = std::unordered_map<std::string, std::string>;  // hex SHA-256 -> client name

  // At most once a second, by one thread; the others go on with the keys read before.
  void reload_if_changed();

  std::filesystem::path file_;
  std::string error_;
  std::atomic<std::shared_ptr<const Names>> names_;  // read by every request, swapped whole
  std::atomic<std::chrono::steady_clock::rep> next_check_;
  std::mutex reload_mutex_;                        // guards modified_
  std::filesystem::file_time_type modified_{};
};

}  // namespace varlet::transports
