#pragma once
// A BM25 index over search documents (components, props, events, slots, guides, examples). Each
// document has weighted fields (a name counts more than a description): a term's frequency in a
// document is the sum of the weights of the fields it occurs in, and the document length the sum
// over all its terms, normalised against documents of the same kind (BM25F with one length per
// document). Built once, then read concurrently.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace varlet::catalog::search {

enum class Kind { component, prop, event, slot, guide, example };
std::string_view to_string(Kind kind);
std::optional<Kind> kind_from_string(std::string_view name);

struct Field {
  std::string text;
  float weight = 1;
  bool name = false;  // the text is a name: it also counts as one whole-name key (tokenize.hpp)
  std::string used_by;  // for another library's name of the thing: who uses it ("vant, element-plus")
};

struct Document {
  Kind kind = Kind::component;
  std::string component;  // kebab-case name without the `var-` prefix; empty for a guide
  std::string name;       // the prop, event or slot name; the example title; the guide name
  std::string title;      // what a result shows
  std::vector<Field> fields;
};

struct Hit {
  const Document* document = nullptr;
  double score = 0;
  std::string matched;             // the field text that matched best, shortened around the match
  std::vector<std::string> terms;  // the query terms the document holds
  const Field* field = nullptr;    // the field that matched best
};

class Index {
public:
  void add(Document document);
  // Terms that say a question asks for a component, however short ("antd", "el"): with one of them,
  // or with several words, a prop, event or slot ranks below components unless its own component
  // matches too.
  void set_component_words(std::set<std::string> words);
  // Computes the statistics; call once after the last add (search on an unbuilt index finds nothing).
  void build();

  // A query's first max_query_terms distinct terms count: ranking costs terms x postings, and no
  // question a person asks has more.
  static constexpr std::size_t max_query_terms = 64;
  std::vector<Hit> search(std::string_view query, std::size_t limit, const std::vector<Kind>& kinds = {}) const;

  std::size_t size() const { return documents_.size(); }
  std::size_t term_count() const { return postings_.size(); }
  std::size_t memory_bytes() const;  // an estimate of what the index holds on the heap
  const std::vector<Document>& documents() const { return documents_; }

private:
  struct Posting {
    std::uint32_t document;
    float frequency;
  };
  std::vector<Document> documents_;
  std::vector<float> lengths_;
  std::vector<std::int32_t> owners_;  // per document: its component's document, or -1
  std::unordered_map<std::string, std::vector<Posting>> postings_;
  std::set<std::string> component_words_;
  std::map<Kind, float> average_lengths_;  // per kind: a component's text is longer than a prop's
  bool built_ = false;
};

}  // namespace varlet::catalog::search
