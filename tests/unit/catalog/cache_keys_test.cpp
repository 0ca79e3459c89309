// The catalog and rendered cache keys carry the model format, so a key an older binary wrote is
// never the key of an entry of this one (tests/e2e/cache_disk.test.mjs checks it over a real L2).
#include "catalog/model.hpp"

#include <gtest/gtest.h>

namespace varlet::catalog {
namespace {

TEST(CacheKeys, CatalogKeysCarryTheModelFormatAndOnlyKeysOfItAreRead) {
  auto key = catalog_key("3.20.6", "zh-CN");
  EXPECT_EQ(key, "3.20.6/zh-CN/" + std::string(model_format));
  EXPECT_EQ(parse_catalog_key(key), (std::pair<std::string, std::string>{"3.20.6", "zh-CN"}));
  EXPECT_EQ(parse_catalog_key("3.20.6/zh-CN"), std::nullopt) << "the key before model formats";
  EXPECT_EQ(parse_catalog_key("3.20.6/zh-CN/m1"), std::nullopt) << "a key of the first format";
  EXPECT_EQ(parse_catalog_key("3.20.6"), std::nullopt);
}

TEST(CacheKeys, RenderedKeysCarryTheModelFormatBeforeTheArguments) {
  EXPECT_EQ(rendered_key("get_component_api", "3.20.6", "en-US", R"({"name":"rate"})"),
            "get_component_api\n3.20.6\nen-US\n" + std::string(model_format) + "\n{\"name\":\"rate\"}");
}

}  // namespace
}  // namespace varlet::catalog
