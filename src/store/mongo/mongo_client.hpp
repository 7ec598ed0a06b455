#pragma once
// Thin RAII layer over the MongoDB C driver (libmongoc/libbson): one client
// pool per backend, documents crossing the boundary as nlohmann::json (via
// libbson's extended-JSON codec, so no field is mapped by hand), and driver
// errors turned into DeepTrace errors (connection trouble =>
// STORE_UNAVAILABLE). Only plain CRUD commands and createIndexes are used:
// they behave the same on MongoDB 6+ and FerretDB (see docs/mongodb.md).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <mongoc/mongoc.h>

#include "core/job.hpp"

namespace deeptrace::mongo {

// An owned bson_t (std::unique_ptr<bson_t> trips over its alignment attribute).
class Bson {
 public:
  explicit Bson(bson_t* doc) : doc_(doc) {}
  ~Bson() {
    if (doc_) bson_destroy(doc_);
  }
  Bson(Bson&& other) noexcept : doc_(other.doc_) { other.doc_ = nullptr; }
  Bson(const Bson&) = delete;
  Bson& operator=(const Bson&) = delete;
  Bson& operator=(Bson&&) = delete;
  bson_t* get() const { return doc_; }

 private:
  bson_t* doc_;
};

// Key order matters for sort specs, index keys and command names:
// nlohmann::json sorts keys, so those are built as Ordered.
using Ordered = nlohmann::ordered_json;

Bson bson_from_json_text(const std::string& text);
template <typename AnyJson>
Bson to_bson(const AnyJson& json) {
  return bson_from_json_text(json.dump());
}
Json to_json(const bson_t* doc);

// Throws the DeepTrace error matching a driver error.
[[noreturn]] void raise(const bson_error_t& error, const std::string& what);
bool is_duplicate_key(const bson_error_t& error);

// Options a query may carry; each maps to the find/findAndModify option of the same name.
struct FindOptions {
  Ordered sort = nullptr;
  Json projection = nullptr;
  std::int64_t limit = 0;
};

class Pool;

// A client borrowed from the pool for the duration of one operation.
class Client {
 public:
  explicit Client(Pool& pool);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  mongoc_client_t* get() const { return client_; }
  mongoc_database_t* database() const;

 private:
  Pool& pool_;
  mongoc_client_t* client_;
};

// One collection on a borrowed client. Every method throws Error on failure.
class Collection {
 public:
  Collection(Pool& pool, const std::string& name);
  ~Collection();
  Collection(const Collection&) = delete;
  Collection& operator=(const Collection&) = delete;

  // false: the document collides with a unique index.
  bool insert_one(const Json& doc);
  std::optional<Json> find_one(const Json& filter, const FindOptions& options = {});
  std::vector<Json> find(const Json& filter, const FindOptions& options = {});
  // Returns the number of documents matched.
  std::int64_t replace_one(const Json& filter, const Json& replacement);
  std::int64_t update_one(const Json& filter, const Json& update, bool upsert = false);
  std::int64_t update_many(const Json& filter, const Json& update);
  std::int64_t delete_one(const Json& filter);
  std::int64_t delete_many(const Json& filter);
  std::int64_t count(const Json& filter);
  std::vector<Json> aggregate(const Json& pipeline);
  // {"key": {...}, "name": ..., "unique": ...} entries for the createIndexes command.
  void create_indexes(const Ordered& indexes);
  Json command(const Ordered& command);

 private:
  std::vector<Json> drain(mongoc_cursor_t* cursor);

  Client client_;
  mongoc_collection_t* collection_;
  std::string name_;
};

// The shared pool and database of one mongodb:// URL.
class Pool {
 public:
  // Throws Error(INVALID_REQUEST) on a malformed URL.
  explicit Pool(const std::string& url);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  const std::string& database_name() const { return database_; }
  mongoc_client_pool_t* get() const { return pool_; }
  // Throws Error(STORE_UNAVAILABLE) when no server answers.
  void ping();

 private:
  mongoc_client_pool_t* pool_ = nullptr;
  std::string database_;
};

}  // namespace deeptrace::mongo
