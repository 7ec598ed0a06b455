#include "store/mongo/mongo_client.hpp"

#include <array>
#include <cstring>
#include <mutex>

namespace deeptrace::mongo {
namespace {

constexpr std::int32_t kDuplicateKey = 11000;
// Without an explicit value the driver waits 30 s for a server; the API
// should answer 503 long before a client gives up.
constexpr std::int32_t kServerSelectionTimeoutMs = 3000;
constexpr std::int32_t kConnectTimeoutMs = 3000;
// The driver's default (5 minutes) lets a hung server (accepting, never
// answering) hold every request that long; 10 s is far above any single
// command here (a FerretDB claim scan, one 255 KiB GridFS chunk).
constexpr std::int32_t kSocketTimeoutMs = 10000;

// Server errors that mean "the server is going away / not primary now".
constexpr std::array<std::uint32_t, 7> kUnavailableServerCodes = {6, 7, 89, 91, 189, 10107, 11600};

// The driver warns whenever a pool closes on FerretDB, which has sessions
// but no endSessions command; that warning is noise, the rest is not.
void log_driver_message(mongoc_log_level_t level, const char* domain, const char* message, void* data) {
  if (level > MONGOC_LOG_LEVEL_WARNING || std::strstr(message, "endSessions")) return;
  mongoc_log_default_handler(level, domain, message, data);
}

void init_driver_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    mongoc_init();
    mongoc_log_set_handler(log_driver_message, nullptr);
  });
}

bool is_unavailable(const bson_error_t& error) {
  if (error.domain == MONGOC_ERROR_STREAM || error.domain == MONGOC_ERROR_SERVER_SELECTION) return true;
  for (auto code : kUnavailableServerCodes) {
    if (error.code == code) return true;
  }
  return false;
}

void set_default_timeout(mongoc_uri_t* uri, const char* option, std::int32_t value) {
  if (!mongoc_uri_has_option(uri, option)) mongoc_uri_set_option_as_int32(uri, option, value);
}

}  // namespace

Bson bson_from_json_text(const std::string& text) {
  bson_error_t error;
  bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(text.data()),
                                   static_cast<ssize_t>(text.size()), &error);
  if (!doc) throw Error(ErrorCode::INTERNAL, std::string("JSON to BSON: ") + error.message);
  return Bson(doc);
}

Json to_json(const bson_t* doc) {
  size_t length = 0;
  char* text = bson_as_relaxed_extended_json(doc, &length);
  if (!text) throw Error(ErrorCode::INTERNAL, "BSON to JSON conversion failed");
  Json json = Json::parse(text, text + length);
  bson_free(text);
  return json;
}

void raise(const bson_error_t& error, const std::string& what) {
  std::string message = what + ": " + error.message;
  if (is_unavailable(error)) throw Error(ErrorCode::STORE_UNAVAILABLE, "MongoDB unavailable (" + message + ")");
  throw Error(ErrorCode::INTERNAL, "MongoDB " + message);
}

bool is_duplicate_key(const bson_error_t& error) { return error.code == kDuplicateKey; }

Pool::Pool(const std::string& url) {
  init_driver_once();
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(url.c_str(), &error);
  if (!uri) throw Error(ErrorCode::INVALID_REQUEST, "invalid MongoDB URL: " + std::string(error.message));
  const char* database = mongoc_uri_get_database(uri);
  database_ = database && *database ? database : "deeptrace";
  set_default_timeout(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, kServerSelectionTimeoutMs);
  set_default_timeout(uri, MONGOC_URI_CONNECTTIMEOUTMS, kConnectTimeoutMs);
  set_default_timeout(uri, MONGOC_URI_SOCKETTIMEOUTMS, kSocketTimeoutMs);
  pool_ = mongoc_client_pool_new(uri);
  mongoc_uri_destroy(uri);
  if (!pool_) throw Error(ErrorCode::INVALID_REQUEST, "cannot create a MongoDB client pool for " + url);
  mongoc_client_pool_set_error_api(pool_, MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_set_appname(pool_, "deeptrace");
}

Pool::~Pool() { mongoc_client_pool_destroy(pool_); }

void Pool::ping() {
  Client client(*this);
  Bson command = to_bson(Json{{"ping", 1}});
  bson_error_t error;
  if (!mongoc_client_command_simple(client.get(), "admin", command.get(), nullptr, nullptr, &error)) {
    throw Error(ErrorCode::STORE_UNAVAILABLE, std::string("MongoDB ping failed: ") + error.message);
  }
}

Client::Client(Pool& pool) : pool_(pool), client_(mongoc_client_pool_pop(pool.get())) {}

Client::~Client() { mongoc_client_pool_push(pool_.get(), client_); }

mongoc_database_t* Client::database() const {
  return mongoc_client_get_database(client_, pool_.database_name().c_str());
}

}  // namespace deeptrace::mongo
