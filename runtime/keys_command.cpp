#include "runtime/keys_command.hpp"

#include "transports/http/api_keys.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

namespace varlet::runtime {
namespace {

using transports::KeyEntry;

std::string utc_now() {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

int fail(const std::string& message) {
  std::cerr << "varlet-mcp keys: " << message << "\n";
  return 1;
}

// The file's entries; a file that is not there yet holds none when `missing_is_empty`.
std::optional<std::vector<KeyEntry>> entries_of(const std::string& file, bool missing_is_empty) {
  if (missing_is_empty && !std::filesystem::exists(file)) return std::vector<KeyEntry>{};
  auto read = transports::read_keys_file(file);
  if (!read.error.empty()) {
    fail(read.error);
    return std::nullopt;
  }
  return read.entries;
}

int add(const std::string& file, const std::string& name) {
  if (!transports::valid_key_name(name))
    return fail("a key's name is 1 to 64 letters, digits, '.', '_' or '-': \"" + name.substr(0, 64) + "\" is not");
  auto entries = entries_of(file, true);
  if (!entries) return 1;
  if (std::any_of(entries->begin(), entries->end(), [&](const KeyEntry& e) { return e.name == name; }))
    return fail("there is a key named " + name + " already; revoke it first to replace it");
  auto key = transports::new_api_key();
  entries->push_back({name, transports::key_hash(key), utc_now()});
  if (auto error = transports::write_keys_file(file, *entries); !error.empty()) return fail(error);
  std::cout << key << "\n";
  std::cerr << "varlet-mcp keys: the key of " << name << " is shown this once (only its hash is kept in " << file
            << "); clients send it as Authorization: Bearer KEY\n";
  return 0;
}

int list(const std::string& file) {
  auto entries = entries_of(file, false);
  if (!entries) return 1;
  for (const auto& e : *entries) std::cout << e.name << "\tcreated " << e.created << "\n";
  return 0;
}

int revoke(const std::string& file, const std::string& name) {
  auto entries = entries_of(file, false);
  if (!entries) return 1;
  auto kept = entries->size();
  std::erase_if(*entries, [&](const KeyEntry& e) { return e.name == name; });
  if (entries->size() == kept) return fail("no key is named " + name.substr(0, 64));
  if (auto error = transports::write_keys_file(file, *entries); !error.empty()) return fail(error);
  std::cerr << "varlet-mcp keys: revoked " << name << "; a running service refuses it within a second\n";
  return 0;
}

}  // namespace

int run_keys(const Config& config, const CommandLine& command) {
  const auto& file = config.auth.keys_file;
  if (file.empty()) return fail("no keys file: set [auth] keys-file, or give --auth.keys-file=FILE");
  const auto& words = command.words;
  if (words[0] == "add") return add(file, words[1]);
  if (words[0] == "list") return list(file);
  return revoke(file, words[1]);
}

}  // namespace varlet::runtime
