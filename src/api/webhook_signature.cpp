#include "api/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <vector>

#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr int kSecretBytes = 32;

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::vector<unsigned char> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) throw Error(ErrorCode::INTERNAL, "webhook secret is not base64");
  std::vector<unsigned char> out(text.size() / 4 * 3);
  int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) throw Error(ErrorCode::INTERNAL, "webhook secret is not base64");
  // EVP_DecodeBlock counts padding as zero bytes: drop them.
  std::size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

}  // namespace

std::string new_webhook_secret() {
  unsigned char bytes[kSecretBytes];
  if (RAND_bytes(bytes, kSecretBytes) != 1) throw Error(ErrorCode::INTERNAL, "no randomness for a webhook secret");
  return std::string(kSecretPrefix) + base64(bytes, kSecretBytes);
}

std::string sign_webhook(const std::string& secret, const std::string& message_id, std::int64_t timestamp_s,
                         const std::string& body) {
  if (!secret.starts_with(kSecretPrefix)) throw Error(ErrorCode::INTERNAL, "webhook secret lacks whsec_");
  std::vector<unsigned char> key = unbase64(std::string_view(secret).substr(kSecretPrefix.size()));
  const std::string content = message_id + "." + std::to_string(timestamp_s) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &mac_size)) {
    throw Error(ErrorCode::INTERNAL, "HMAC failed");
  }
  return "v1," + base64(mac, mac_size);
}

std::string webhook_signature_header(const std::vector<std::string>& secrets, const std::string& message_id,
                                     std::int64_t timestamp_s, const std::string& body) {
  std::string header;
  for (const std::string& secret : secrets) {
    if (!header.empty()) header += ' ';
    header += sign_webhook(secret, message_id, timestamp_s, body);
  }
  return header;
}

}  // namespace deeptrace::api
