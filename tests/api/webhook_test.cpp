// Webhook signing (against the Standard Webhooks reference vector), URL
// parsing and the SSRF address policy, and the retry schedule.
#include <gtest/gtest.h>

#include "api/webhook_dispatcher.hpp"
#include "api/webhook_sender.hpp"
#include "api/webhook_signature.hpp"
#include "api/webhook_url.hpp"
#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

namespace ip = boost::asio::ip;

TEST(WebhookSignature, MatchesTheStandardWebhooksReferenceVector) {
  // From the Standard Webhooks specification's reference libraries.
  EXPECT_EQ(sign_webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                         R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, SecretsAreRandom32ByteKeys) {
  std::string secret = new_webhook_secret();
  EXPECT_EQ(secret.substr(0, 6), "whsec_");
  EXPECT_EQ(secret.size(), 6u + 44u);  // base64 of 32 bytes
  EXPECT_NE(secret, new_webhook_secret());
  EXPECT_EQ(sign_webhook(secret, "msg_1", 1, "{}").substr(0, 3), "v1,");
  EXPECT_NE(sign_webhook(secret, "msg_1", 1, "{}"), sign_webhook(secret, "msg_1", 2, "{}"));
}

TEST(WebhookSignature, TheHeaderCarriesOneSignaturePerSecretNewestFirst) {
  const std::string body = R"({"test": 2432232314})";
  const std::string current = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string previous = new_webhook_secret();
  EXPECT_EQ(webhook_signature_header({current}, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_EQ(webhook_signature_header({current, previous}, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= " +
                sign_webhook(previous, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
}

TEST(WebhookUrl, ParsesHostPortAndTarget) {
  WebhookUrl url = parse_webhook_url("https://Hooks.Example.com:8443/in/deeptrace?x=1");
  EXPECT_TRUE(url.tls);
  EXPECT_EQ(url.host, "hooks.example.com");
  EXPECT_EQ(url.port, "8443");
  EXPECT_EQ(url.target, "/in/deeptrace?x=1");
  WebhookUrl plain = parse_webhook_url("http://[::1]");
  EXPECT_FALSE(plain.tls);
  EXPECT_EQ(plain.host, "::1");
  EXPECT_EQ(plain.port, "80");
  EXPECT_EQ(plain.target, "/");
}

TEST(WebhookUrl, RefusesWhatIsNotAPlainHttpUrl) {
  for (const char* bad : {"", "ftp://example.com/", "example.com/hook", "https://user:pw@example.com/",
                          "https://example.com/a b", "https://example.com:0/", "https://example.com:99999/",
                          "https://:443/", "https://example.com/#frag", "https://[::1/"}) {
    try {
      parse_webhook_url(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::INVALID_REQUEST) << bad;
    }
  }
}

TEST(WebhookAddresses, OnlyPublicUnicastAddressesArePublic) {
  for (const char* inside :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2001:db8::1"}) {
    EXPECT_FALSE(is_public_address(ip::make_address(inside))) << inside;
  }
  for (const char* outside : {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(is_public_address(ip::make_address(outside))) << outside;
  }
}

TEST(WebhookAddresses, TheDefaultPolicyRefusesPrivateTargetsAndPlainHttp) {
  WebhookAddressPolicy policy;
  EXPECT_NO_THROW(policy.check_url(parse_webhook_url("https://hooks.example.com/x")));
  for (const char* bad : {"http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost/x",
                          "https://[::1]/x", "https://169.254.169.254/latest/meta-data", "https://10.0.0.8/",
                          "https://localhost./x", "https://api.localhost/x", "https://0x7f000001/x"}) {
    EXPECT_THROW(policy.check_url(parse_webhook_url(bad)), Error) << bad;
  }
  WebhookUrl url = parse_webhook_url("https://hooks.example.com/x");
  EXPECT_FALSE(policy.permits(url, ip::make_address("127.0.0.1"))) << "a name that resolves inside is refused";
  EXPECT_TRUE(policy.permits(url, ip::make_address("93.184.216.34")));
}

TEST(WebhookAddresses, TheAllowlistAdmitsNamedHostsAndNetworks) {
  WebhookAddressPolicy policy({"127.0.0.1/32", "receiver.internal", "fd00::/8"});
  EXPECT_NO_THROW(policy.check_url(parse_webhook_url("http://127.0.0.1:9000/hook")));
  EXPECT_NO_THROW(policy.check_url(parse_webhook_url("http://receiver.internal/hook")));
  EXPECT_THROW(policy.check_url(parse_webhook_url("http://127.0.0.2/hook")), Error);
  EXPECT_TRUE(policy.permits(parse_webhook_url("http://127.0.0.1:9000/"), ip::make_address("127.0.0.1")));
  EXPECT_TRUE(policy.permits(parse_webhook_url("http://receiver.internal/"), ip::make_address("10.9.9.9")));
  EXPECT_TRUE(policy.permits(parse_webhook_url("https://a.example/"), ip::make_address("fd12::1")));
  EXPECT_FALSE(policy.permits(parse_webhook_url("https://a.example/"), ip::make_address("10.9.9.9")));
  EXPECT_THROW(WebhookAddressPolicy({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(WebhookAddressPolicy({"10.0.0.0/x"}), std::invalid_argument);
}

// A name that passes registration but resolves to a private address is
// refused when it is sent, before any connection is made.
TEST(WebhookSender, RefusesANameThatResolvesToLoopback) {
  boost::asio::io_context io;
  ip::tcp::acceptor listener(io, ip::tcp::endpoint(ip::make_address("127.0.0.1"), 0));
  const std::string port = std::to_string(listener.local_endpoint().port());
  WebhookUrl url = parse_webhook_url("http://localhost:" + port + "/hook");
  SendOutcome outcome =
      send_webhook(url, WebhookAddressPolicy(), WebhookMessage{"msg_1", 1, "v1,x", "{}"}, std::chrono::seconds(2));
  EXPECT_FALSE(outcome.delivered);
  EXPECT_FALSE(outcome.status.has_value());
  EXPECT_NE(outcome.error.find("refused: localhost resolves only to non-public addresses"), std::string::npos)
      << outcome.error;
  listener.non_blocking(true);
  boost::system::error_code ec;
  listener.accept(ec);
  EXPECT_EQ(ec, boost::asio::error::would_block) << "nothing connected";
}

TEST(WebhookRetries, FollowTheScheduleWithJitterThenGiveUp) {
  const std::vector<TimeMs> delays{1000, 60'000};
  for (int i = 0; i < 50; ++i) {
    TimeMs first = *webhook_retry_at(delays, 1, 0);
    EXPECT_GE(first, 800);
    EXPECT_LE(first, 1200);
    TimeMs second = *webhook_retry_at(delays, 2, 0);
    EXPECT_GE(second, 48'000);
    EXPECT_LE(second, 72'000);
  }
  EXPECT_FALSE(webhook_retry_at(delays, 3, 0).has_value());
  EXPECT_FALSE(webhook_retry_at({}, 1, 0).has_value());
}

}  // namespace
}  // namespace deeptrace::api
