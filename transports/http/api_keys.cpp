#include "transports/http/api_keys.hpp"

#include "mcp/base64.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace varlet::transports {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view header_line = "# varlet-mcp API keys, written by `varlet-mcp keys`: NAME SHA256(KEY) CREATED";

bool is_hex_digest(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return std::nullopt;
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

bool valid_key_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

std::string key_hash(std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha256(), nullptr))
    throw std::runtime_error("SHA-256 failed");
  return mcp::lowercase_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string new_api_key() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes: cannot make a key");
  return "vmk_" + mcp::base64url(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

KeysFile read_keys_file(const fs::path& file) {
  KeysFile out;
  std::ifstream in(file);
  if (!in) {
    out.error = "cannot read the keys file " + file.string() + " (auth.keys-file; `varlet-mcp keys add NAME` makes it)";
    return out;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream words(line);
    KeyEntry entry;
    std::string extra;
    words >> entry.name >> entry.hash >> entry.created;
    if (!valid_key_name(entry.name) || !is_hex_digest(entry.hash) || entry.created.empty() || (words >> extra)) {
      out.entries.clear();
      out.error = file.string() + ":" + std::to_string(number) + ": not NAME SHA256-HEX CREATED";
      return out;
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

std::string write_keys_file(const fs::path& file, const std::vector<KeyEntry>& entries) {
  auto temporary = file;
  temporary += ".new";
  // A file an operator shared with the service's group (root:varlet-mcp 0640) stays shared;
  // a new one is its owner's only.
  struct stat before {};
  bool existed = ::stat(file.c_str(), &before) == 0;
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return "cannot write " + temporary.string();
    if (::chmod(temporary.c_str(), existed ? before.st_mode & 0777 : 0600) != 0 ||
        (existed && ::chown(temporary.c_str(), before.st_uid, before.st_gid) != 0 && ::geteuid() == 0))
      return "cannot give " + temporary.string() + " the owner and mode of " + file.string();
    out << header_line << '\n';
    for (const auto& e : entries) out << e.name << ' ' << e.hash << ' ' << e.created << '\n';
    if (!out.flush()) return "cannot write " + temporary.string();
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  return ec ? "cannot replace " + file.string() + ": " + ec.message() : std::string();
}

namespace {

std::shared_ptr<const std::unordered_map<std::string, std::string>> names_of(const std::vector<KeyEntry>& entries) {
  auto names = std::make_shared<std::unordered_map<std::string, std::string>>();
  for (const auto& e : entries) names->emplace(e.hash, e.name);
  return names;
}

std::chrono::steady_clock::rep a_second_from_now() {
  return (std::chrono::steady_clock::now() + std::chrono::seconds(1)).time_since_epoch().count();
}

}  // namespace

ApiKeys::ApiKeys(fs::path file) : file_(std::move(file)), next_check_(a_second_from_now()) {
  std::error_code ec;
  modified_ = fs::last_write_time(file_, ec);
  auto read = read_keys_file(file_);
  error_ = read.error;
  names_.store(names_of(read.entries));
}

void ApiKeys::reload_if_changed() {
  if (std::chrono::steady_clock::now().time_since_epoch().count() < next_check_.load(std::memory_order_relaxed)) return;
  std::unique_lock lock(reload_mutex_, std::try_to_lock);
  if (!lock || std::chrono::steady_clock::now().time_since_epoch().count() < next_check_.load()) return;
  next_check_.store(a_second_from_now());
  std::error_code ec;
  auto modified = fs::last_write_time(file_, ec);
  if (ec) {
    if (!names_.load()->empty()) spdlog::error("auth: the keys file {} is gone: every key is refused", file_.string());
    names_.store(names_of({}));
    modified_ = {};
    return;
  }
  if (modified == modified_) return;
  modified_ = modified;
  auto read = read_keys_file(file_);
  if (!read.error.empty()) {
    // A file being edited by hand: keep the keys last read, say why, try again on its next change.
    spdlog::error("auth: {}; the keys read before stay in use", read.error);
    return;
  }
  names_.store(names_of(read.entries));
  spdlog::info("auth: {} API keys from {}", read.entries.size(), file_.string());
}

void ApiKeys::reload_now() {
  {
    std::lock_guard lock(reload_mutex_);
    modified_ = {};
    next_check_.store(0);
  }
  reload_if_changed();
}

std::optional<std::string> ApiKeys::client_of(std::string_view key) {
  auto hash = key_hash(key);
  reload_if_changed();
  auto names = names_.load();
  auto it = names->find(hash);
  if (it == names->end()) return std::nullopt;
  return it->second;
}

}  // namespace varlet::transports
