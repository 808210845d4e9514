// git_objects: the ids git gives blobs and trees, computed in reel's own process, so
// `reel publish` knows every object of the publish tree before it runs git, asks git
// once which of them it lacks, and writes only those (publish.cpp).
//
// The object format (https://git-scm.com/docs/hash-function-transition, "Object
// format"; https://git-scm.com/book/en/v2/Git-Internals-Git-Objects): an object's id
// is the hash of "<type> <size in decimal>\0<body>"; a tree's body is its entries in
// git's order, each "<mode in octal, no leading 0> <name>\0<raw id>". A repository
// hashes with SHA-1 (the default) or SHA-256 (`git init --object-format=sha256`).
// Both hash functions come from OpenSSL's libcrypto (EVP_sha1, EVP_sha256). Every id
// reel computes is checked against the one git reports when it writes the object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "output/output.h"

namespace reel {

/// The hash function a repository names its objects with: what
/// `git rev-parse --show-object-format` prints ("sha1" or "sha256").
enum class ObjectFormat { sha1, sha256 };

/// The hex digest of `bytes` (40 lowercase hex digits for SHA-1, 64 for SHA-256).
/// Throws std::runtime_error when libcrypto fails (it does not for these digests).
std::string hash_hex(ObjectFormat format, std::string_view bytes);

/// The id git gives an object of `type` ("blob", "tree", "commit", "tag") whose body is
/// `body`: the hash of "<type> <body size>\0<body>", as lowercase hex. Equals what
/// `git hash-object -t TYPE --stdin` prints in a repository of that format.
std::string git_object_id(ObjectFormat format, std::string_view type, std::string_view body);

/// One folder of a planned tree.
struct GitTree {
  std::string path;     ///< "" for the root, else the folder's path ("fr/films"), no slashes at either end
  std::string id;       ///< its object id
  /// Its entries as `git mktree -z` reads them, in git's order: "100644 blob <id>\t<name>\0"
  /// for a file, "040000 tree <id>\t<name>\0" for a folder.
  std::string mktree_input;
};

/// A set of files as git objects: every blob and tree id, computed without git.
struct GitTreePlan {
  std::map<std::string, std::string, std::less<>> blobs;  ///< file path → blob id, for every file
  /// Every folder, each after all of its subfolders (deepest first), so writing them
  /// in this order never names a tree not yet written; the root is last.
  std::vector<GitTree> trees;
  /// The root tree's id.
  const std::string& root() const { return trees.back().id; }
};

/// Plans the objects of `files` (path → bytes, as publish_tree returns them: relative
/// '/'-separated paths with no empty, `.` or `..` segment, and no path that is also a
/// folder of another) with every file's mode 100644, as `git add` records a plain file.
/// Blob ids are hashed on every core. The root tree exists even when `files` is empty.
/// Throws std::invalid_argument for a path publish_tree would have refused (empty
/// segment, or a file that is also a folder).
GitTreePlan plan_git_tree(const OutputSet& files, ObjectFormat format);

}  // namespace reel
