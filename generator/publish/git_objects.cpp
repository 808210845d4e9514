#include "publish/git_objects.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <initializer_list>
#include <memory>
#include <unordered_map>

#include "base/digest.h"
#include "base/parallel.h"

namespace reel {

namespace {

/// The hex digest of the bytes of `parts`, one after another (base/digest.h).
std::string object_hex(ObjectFormat format, std::initializer_list<std::string_view> parts) {
  return reel::digest_hex(format == ObjectFormat::sha256 ? DigestAlgorithm::sha256 : DigestAlgorithm::sha1, parts);
}

/// 40 or 64 hex digits → 20 or 32 raw bytes, as a tree entry holds an id.
void append_raw_id(std::string& out, const std::string& hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>((nibble(hex[i]) << 4) | nibble(hex[i + 1]));
  }
}

}  // namespace

std::string hash_hex(ObjectFormat format, std::string_view bytes) { return object_hex(format, {bytes}); }

std::string git_object_id(ObjectFormat format, std::string_view type, std::string_view body) {
  std::string header(1, ' ');
  header += std::to_string(body.size());
  header += '\0';
  return object_hex(format, {type, header, body});
}

GitTreePlan plan_git_tree(const OutputSet& files, ObjectFormat format) {
  struct Entry {
    std::string name;
    bool is_tree = false;
    std::string id;
  };
  struct Dir {
    std::string path;
    std::size_t parent = 0;  ///< index in `dirs`; unused for the root
    std::size_t slot = 0;    ///< this folder's entry in its parent's `entries`
    std::size_t depth = 0;
    std::vector<Entry> entries;
  };
  std::vector<Dir> dirs(1);
  std::unordered_map<std::string, std::size_t> index{{"", 0}};

  // The folder at `path` ("" for the root), made (with its ancestors) when missing.
  auto dir_of = [&](auto& self, const std::string& path) -> std::size_t {
    if (auto it = index.find(path); it != index.end()) return it->second;
    std::size_t slash = path.rfind('/');
    std::string parent_path = slash == std::string::npos ? "" : path.substr(0, slash);
    std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (name.empty()) throw std::invalid_argument("a path with an empty folder name: `" + path + "`");
    if (files.count(path)) throw std::invalid_argument("`" + path + "` is both a file and a folder");
    std::size_t parent = self(self, parent_path);
    Dir d;
    d.path = path;
    d.parent = parent;
    d.slot = dirs[parent].entries.size();
    d.depth = dirs[parent].depth + 1;
    dirs[parent].entries.push_back(Entry{name, true, {}});
    dirs.push_back(std::move(d));
    index.emplace(path, dirs.size() - 1);
    return dirs.size() - 1;
  };

  // Blob ids, hashed on every core.
  std::vector<const std::pair<const std::string, std::string>*> items;
  items.reserve(files.size());
  for (const auto& item : files) items.push_back(&item);
  std::vector<std::string> ids(items.size());
  parallel_for(items.size(), [&](std::size_t i) { ids[i] = git_object_id(format, "blob", items[i]->second); });

  GitTreePlan plan;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& path = items[i]->first;
    std::size_t slash = path.rfind('/');
    std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (name.empty()) throw std::invalid_argument("a file path with an empty name: `" + path + "`");
    std::size_t dir = dir_of(dir_of, slash == std::string::npos ? "" : path.substr(0, slash));
    dirs[dir].entries.push_back(Entry{name, false, ids[i]});
    plan.blobs.emplace_hint(plan.blobs.end(), path, std::move(ids[i]));
  }

  // Deepest folders first: a folder's id is known before its parent lists it.
  std::vector<std::size_t> order(dirs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return dirs[a].depth != dirs[b].depth ? dirs[a].depth > dirs[b].depth : dirs[a].path < dirs[b].path;
  });
  plan.trees.reserve(dirs.size());
  for (std::size_t i : order) {
    Dir& d = dirs[i];
    // git's order: by name, a folder's name as if it ended with '/' (bytes, unsigned).
    auto key = [](const Entry& e) { return e.is_tree ? e.name + '/' : e.name; };
    std::sort(d.entries.begin(), d.entries.end(), [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
    std::string body, listing;
    for (const Entry& e : d.entries) {
      body += e.is_tree ? "40000 " : "100644 ";
      body += e.name;
      body += '\0';
      append_raw_id(body, e.id);
      listing += e.is_tree ? "040000 tree " : "100644 blob ";
      listing += e.id;
      listing += '\t';
      listing += e.name;
      listing += '\0';
    }
    std::string id = git_object_id(format, "tree", body);
    if (i != 0) dirs[d.parent].entries[d.slot].id = id;
    plan.trees.push_back(GitTree{d.path, std::move(id), std::move(listing)});
  }
  return plan;
}

}  // namespace reel
