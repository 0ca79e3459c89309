// The JSON-RPC codec on the hot path: decoding a tools/call body and framing a result whose bytes
// were serialized once and are shared.
#include "mcp/jsonrpc.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace varlet;

const std::string tools_call =
    R"({"jsonrpc":"2.0","id":4711,"method":"tools/call","params":{"name":"get_component_api",)"
    R"("arguments":{"name":"var-button","sections":["props","events"]},"_meta":{"progressToken":"p-1"}}})";

void decode_tools_call(benchmark::State& state) {
  for (auto _ : state) {
    auto envelope = mcp::decode_body(tools_call);
    benchmark::DoNotOptimize(envelope);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * tools_call.size()));
}
BENCHMARK(decode_tools_call);

void decode_malformed(benchmark::State& state) {
  const std::string body = tools_call.substr(0, tools_call.size() / 2);
  for (auto _ : state) benchmark::DoNotOptimize(mcp::decode_body(body));
}
BENCHMARK(decode_malformed);

void encode_shared_result(benchmark::State& state) {
  // A rendered answer of the size of var-button's (about 4 KB of text plus structured content).
  std::string result = R"({"content":[{"type":"text","text":")" + std::string(static_cast<std::size_t>(state.range(0)), 'x') +
                       R"("}]})";
  json::value id = 4711;
  for (auto _ : state) benchmark::DoNotOptimize(mcp::encode_result(id, result));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * result.size()));
}
BENCHMARK(encode_shared_result)->Arg(512)->Arg(16 << 10);

}  // namespace
