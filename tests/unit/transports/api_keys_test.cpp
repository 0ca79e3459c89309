#include "transports/http/api_keys.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

using namespace varlet::transports;
namespace fs = std::filesystem;

namespace {

fs::path temp_file(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("varlet-keys-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

}  // namespace

TEST(ApiKeys, BearerTakesTheSchemeInAnyCaseAndNothingElse) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER abc"), "abc");
  EXPECT_FALSE(bearer_token("Bearer"));
  EXPECT_FALSE(bearer_token("Bearer "));
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearerabc"));
  EXPECT_FALSE(bearer_token(""));
}

TEST(ApiKeys, HashesAreSha256AndKeysAreNew) {
  EXPECT_EQ(key_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto a = new_api_key(), b = new_api_key();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("vmk_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_TRUE(valid_key_name("ci-bot.2"));
  EXPECT_FALSE(valid_key_name(""));
  EXPECT_FALSE(valid_key_name("two words"));
  EXPECT_FALSE(valid_key_name(std::string(65, 'a')));
}

TEST(ApiKeys, TheFileRoundTripsAndAWrongLineIsNamed) {
  auto file = temp_file("roundtrip");
  std::vector<KeyEntry> entries{{"alice", key_hash("k1"), "2026-12-03T00:00:00Z"}, {"bob", key_hash("k2"), "2026-12-03T00:00:01Z"}};
  ASSERT_EQ(write_keys_file(file, entries), "");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  auto read = read_keys_file(file);
  ASSERT_EQ(read.error, "");
  ASSERT_EQ(read.entries.size(), 2u);
  EXPECT_EQ(read.entries[1].name, "bob");
  EXPECT_EQ(read.entries[1].hash, key_hash("k2"));
  std::ofstream(file, std::ios::app) << "carol " << key_hash("k3") << "\n";  // no date
  auto broken = read_keys_file(file);
  EXPECT_TRUE(broken.entries.empty());
  EXPECT_NE(broken.error.find(":4: not NAME SHA256-HEX CREATED"), std::string::npos) << broken.error;
  EXPECT_NE(read_keys_file(temp_file("absent")).error, "");
}

TEST(ApiKeys, ARewrittenFileKeepsTheModeAnOperatorGaveIt) {
  auto file = temp_file("shared");
  std::ofstream(file) << "";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read, fs::perm_options::replace);
  ASSERT_EQ(write_keys_file(file, {{"alice", key_hash("k1"), "2026-12-03T00:00:00Z"}}), "");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(read_keys_file(file).entries.size(), 1u);
}

TEST(ApiKeys, KeysNameTheirClientsAndAChangedFileIsReadAgain) {
  auto file = temp_file("live");
  ASSERT_EQ(write_keys_file(file, {{"alice", key_hash("k1"), "2026-12-03T00:00:00Z"}}), "");
  ApiKeys keys(file);
  ASSERT_EQ(keys.error(), "");
  EXPECT_EQ(keys.client_of("k1"), "alice");
  EXPECT_FALSE(keys.client_of("k2"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the file is looked at once a second
  ASSERT_EQ(write_keys_file(file, {{"bob", key_hash("k2"), "2026-12-03T00:00:01Z"}}), "");
  EXPECT_EQ(keys.client_of("k2"), "bob");
  EXPECT_FALSE(keys.client_of("k1"));  // revoked
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  fs::remove(file);
  EXPECT_FALSE(keys.client_of("k2"));  // no file: no key counts
}
