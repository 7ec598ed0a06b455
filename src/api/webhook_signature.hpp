#pragma once
// Standard Webhooks signing (https://www.standardwebhooks.com): a secret is
// "whsec_" + base64 of random bytes; a message is signed as
// "v1," + base64(HMAC-SHA256(secret bytes, "{msg id}.{timestamp}.{body}")).
#include <cstdint>
#include <string>
#include <vector>

namespace deeptrace::api {

std::string new_webhook_secret();
// Throws Error(INTERNAL) for a secret that is not "whsec_" + base64.
std::string sign_webhook(const std::string& secret, const std::string& message_id, std::int64_t timestamp_s,
                         const std::string& body);
// The webhook-signature header: one signature per secret, space-delimited,
// as the specification allows while a secret rotates.
std::string webhook_signature_header(const std::vector<std::string>& secrets, const std::string& message_id,
                                     std::int64_t timestamp_s, const std::string& body);

}  // namespace deeptrace::api
