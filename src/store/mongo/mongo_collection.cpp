// mongo::Collection: the CRUD calls the stores use, JSON in and out.
#include <set>

#include "store/mongo/mongo_client.hpp"

namespace deeptrace::mongo {
namespace {

// Find/aggregate options as a BSON document; null fields are left out.
Bson find_options(const FindOptions& options) {
  Ordered opts = Ordered::object();
  if (!options.sort.is_null()) opts["sort"] = options.sort;
  if (!options.projection.is_null()) opts["projection"] = options.projection;
  if (options.limit > 0) opts["limit"] = options.limit;
  return to_bson(opts);
}

// Write replies carry counts as int32 or int64 depending on the server.
std::int64_t reply_count(const bson_t& reply, const char* field) {
  bson_iter_t it;
  if (bson_iter_init_find(&it, &reply, field) && BSON_ITER_HOLDS_NUMBER(&it)) return bson_iter_as_int64(&it);
  return 0;
}

// Runs a driver write call that fills a reply; returns the named count.
template <typename Call>
std::int64_t write_count(const std::string& what, const char* field, Call call) {
  bson_t reply;
  bson_error_t error;
  bool ok = call(&reply, &error);
  std::int64_t count = ok ? reply_count(reply, field) : 0;
  bson_destroy(&reply);
  if (!ok) raise(error, what);
  return count;
}

}  // namespace

Collection::Collection(Pool& pool, const std::string& name)
    : client_(pool),
      collection_(mongoc_client_get_collection(client_.get(), pool.database_name().c_str(), name.c_str())),
      name_(name) {}

Collection::~Collection() { mongoc_collection_destroy(collection_); }

bool Collection::insert_one(const Json& doc) {
  Bson bson = to_bson(doc);
  bson_error_t error;
  if (mongoc_collection_insert_one(collection_, bson.get(), nullptr, nullptr, &error)) return true;
  if (is_duplicate_key(error)) return false;
  raise(error, "insert into " + name_);
}

std::optional<Json> Collection::find_one(const Json& filter, const FindOptions& options) {
  FindOptions one = options;
  one.limit = 1;
  auto docs = find(filter, one);
  if (docs.empty()) return std::nullopt;
  return std::move(docs.front());
}

std::vector<Json> Collection::find(const Json& filter, const FindOptions& options) {
  Bson query = to_bson(filter);
  Bson opts = find_options(options);
  return drain(mongoc_collection_find_with_opts(collection_, query.get(), opts.get(), nullptr));
}

std::vector<Json> Collection::drain(mongoc_cursor_t* cursor) {
  std::vector<Json> docs;
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor, &doc)) docs.push_back(to_json(doc));
  bson_error_t error;
  bool failed = mongoc_cursor_error(cursor, &error);
  mongoc_cursor_destroy(cursor);
  if (failed) raise(error, "query on " + name_);
  return docs;
}

std::int64_t Collection::replace_one(const Json& filter, const Json& replacement) {
  Bson query = to_bson(filter);
  Bson doc = to_bson(replacement);
  return write_count("replace in " + name_, "matchedCount", [&](bson_t* reply, bson_error_t* error) {
    return mongoc_collection_replace_one(collection_, query.get(), doc.get(), nullptr, reply, error);
  });
}

std::int64_t Collection::update_one(const Json& filter, const Json& update, bool upsert) {
  Bson query = to_bson(filter);
  Bson change = to_bson(update);
  Bson opts = to_bson(Json{{"upsert", upsert}});
  return write_count("update in " + name_, "matchedCount", [&](bson_t* reply, bson_error_t* error) {
    return mongoc_collection_update_one(collection_, query.get(), change.get(), opts.get(), reply, error);
  });
}

std::int64_t Collection::update_many(const Json& filter, const Json& update) {
  Bson query = to_bson(filter);
  Bson change = to_bson(update);
  return write_count("update in " + name_, "matchedCount", [&](bson_t* reply, bson_error_t* error) {
    return mongoc_collection_update_many(collection_, query.get(), change.get(), nullptr, reply, error);
  });
}

std::int64_t Collection::delete_one(const Json& filter) {
  Bson query = to_bson(filter);
  return write_count("delete in " + name_, "deletedCount", [&](bson_t* reply, bson_error_t* error) {
    return mongoc_collection_delete_one(collection_, query.get(), nullptr, reply, error);
  });
}

std::int64_t Collection::delete_many(const Json& filter) {
  Bson query = to_bson(filter);
  return write_count("delete in " + name_, "deletedCount", [&](bson_t* reply, bson_error_t* error) {
    return mongoc_collection_delete_many(collection_, query.get(), nullptr, reply, error);
  });
}

std::int64_t Collection::count(const Json& filter) {
  Bson query = to_bson(filter);
  bson_error_t error;
  std::int64_t n = mongoc_collection_count_documents(collection_, query.get(), nullptr, nullptr, nullptr, &error);
  if (n < 0) raise(error, "count in " + name_);
  return n;
}

std::vector<Json> Collection::aggregate(const Json& pipeline) {
  Bson stages = to_bson(Json{{"pipeline", pipeline}});
  return drain(mongoc_collection_aggregate(collection_, MONGOC_QUERY_NONE, stages.get(), nullptr, nullptr));
}

// One createIndexes command per missing index: FerretDB v1.24 panics when a
// single command names several indexes that already exist.
void Collection::create_indexes(const Ordered& indexes) {
  std::set<std::string> existing;
  for (const auto& index : drain(mongoc_collection_find_indexes_with_opts(collection_, nullptr))) {
    existing.insert(index.value("name", ""));
  }
  for (const auto& index : indexes) {
    if (existing.count(index.at("name").get<std::string>())) continue;
    command(Ordered{{"createIndexes", name_}, {"indexes", Ordered::array({index})}});
  }
}

Json Collection::command(const Ordered& command) {
  Bson cmd = to_bson(command);
  bson_t reply;
  bson_error_t error;
  bool ok = mongoc_collection_command_simple(collection_, cmd.get(), nullptr, &reply, &error);
  Json result = ok ? to_json(&reply) : Json();
  bson_destroy(&reply);
  if (!ok) raise(error, "command on " + name_);
  return result;
}

}  // namespace deeptrace::mongo
