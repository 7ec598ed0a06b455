#include "api/multipart.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

struct Part {
  PartHeaders headers;
  std::string data;
  bool ended = false;
};

class Recorder : public MultipartListener {
 public:
  std::vector<Part> parts;
  void on_part_begin(const PartHeaders& h) override { parts.push_back({h, "", false}); }
  void on_part_data(std::string_view d) override { parts.back().data.append(d); }
  void on_part_end() override { parts.back().ended = true; }
};

const std::string kBoundary = "----dtBoundary7MA4YWxk";

std::string sample_body() {
  std::string binary;
  for (int i = 0; i < 300; ++i) binary += static_cast<char>(i % 256);
  binary += "\r\n--" + kBoundary.substr(0, 10);  // a near-miss of the delimiter inside the data
  return "preamble ignored\r\n--" + kBoundary + "\r\n" +
         "Content-Disposition: form-data; name=\"frames\"\r\n\r\n16\r\n--" + kBoundary + "\r\n" +
         "Content-Disposition: form-data; name=\"file\"; filename=\"clip \\\"a\\\".mp4\"\r\n"
         "Content-Type: video/mp4\r\n\r\n" + binary + "\r\n--" + kBoundary + "--\r\nepilogue";
}

void expect_sample(const Recorder& r) {
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[0].headers.name, "frames");
  EXPECT_EQ(r.parts[0].data, "16");
  EXPECT_FALSE(r.parts[0].headers.filename.has_value());
  EXPECT_EQ(r.parts[1].headers.name, "file");
  EXPECT_EQ(r.parts[1].headers.filename.value_or(""), "clip \"a\".mp4");
  EXPECT_EQ(r.parts[1].headers.content_type, "video/mp4");
  EXPECT_EQ(r.parts[1].data.size(), 300u + 2 + 2 + 10);
  EXPECT_TRUE(r.parts[0].ended && r.parts[1].ended);
}

TEST(MultipartParser, ParsesWholeBody) {
  Recorder r;
  MultipartParser p(kBoundary, r);
  p.feed(sample_body());
  p.finish();
  expect_sample(r);
}

TEST(MultipartParser, SplitAtEveryOffset) {
  const std::string body = sample_body();
  for (size_t cut = 0; cut <= body.size(); ++cut) {
    Recorder r;
    MultipartParser p(kBoundary, r);
    p.feed(std::string_view(body).substr(0, cut));
    p.feed(std::string_view(body).substr(cut));
    p.finish();
    SCOPED_TRACE(cut);
    expect_sample(r);
  }
}

TEST(MultipartParser, ByteByByte) {
  const std::string body = sample_body();
  Recorder r;
  MultipartParser p(kBoundary, r);
  for (char c : body) p.feed(std::string_view(&c, 1));
  p.finish();
  expect_sample(r);
}

TEST(MultipartParser, BodyStartingWithDelimiter) {
  Recorder r;
  MultipartParser p("xyz", r);
  p.feed("--xyz\r\nContent-Disposition: form-data; name=file\r\n\r\nabc\r\n--xyz--");
  p.finish();
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].data, "abc");
}

void expect_malformed(const std::string& boundary, const std::string& body) {
  Recorder r;
  MultipartParser p(boundary, r);
  try {
    p.feed(body);
    p.finish();
    FAIL() << "accepted: " << body;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::MALFORMED_MULTIPART) << body;
  }
}

TEST(MultipartParser, RejectsMalformedInputs) {
  expect_malformed("b", "");
  expect_malformed("b", "no boundary at all");
  expect_malformed("b", "--b\r\nContent-Disposition: form-data; name=file\r\n\r\ndata");  // no close
  expect_malformed("b", "--b\r\nContent-Disposition: form-data; name=file\r\n\r\ndata\r\n--b");
  expect_malformed("b", "--b\r\n\r\ndata\r\n--b--");                                  // no headers
  expect_malformed("b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--");          // no disposition
  expect_malformed("b", "--b\r\nContent-Disposition: attachment; name=f\r\n\r\nx\r\n--b--");
  expect_malformed("b", "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--");    // no name
  expect_malformed("b", "--b\r\nBadHeaderLine\r\n\r\nx\r\n--b--");
  expect_malformed("b", "--bX\r\nContent-Disposition: form-data; name=f\r\n\r\nx\r\n--b--");
  expect_malformed("b", "--b\r\nContent-Disposition: form-data; name=\"unterminated\r\n\r\nx\r\n--b--");
  expect_malformed("b", "--b\r\n" + std::string(MultipartParser::kMaxHeaderBytes + 10, 'h'));
}

// Found by multipart_fuzz: more than 256 bytes of transport padding after a
// boundary were refused when the CRLF came in a later chunk, accepted when
// it came in the same one. However the body is split, the answer is the same.
TEST(MultipartParser, TooMuchPaddingAfterABoundaryIsRefusedHoweverTheBodyIsSplit) {
  const std::string body = "--b" + std::string(300, ' ') +
                           "\r\nContent-Disposition: form-data; name=file\r\n\r\nx\r\n--b--\r\n";
  expect_malformed("b", body);
  for (size_t cut : {size_t{10}, size_t{200}, size_t{303}}) {
    Recorder r;
    MultipartParser p("b", r);
    try {
      p.feed(std::string_view(body).substr(0, cut));
      p.feed(std::string_view(body).substr(cut));
      p.finish();
      ADD_FAILURE() << "accepted when split at " << cut;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::MALFORMED_MULTIPART) << cut;
    }
  }
}

TEST(MultipartBoundary, FromContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc").value_or(""), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").value_or(""), "a b");
  EXPECT_FALSE(multipart_boundary("video/mp4").has_value());
  EXPECT_FALSE(multipart_boundary("").has_value());
  EXPECT_THROW(multipart_boundary("multipart/form-data"), Error);
  EXPECT_THROW(multipart_boundary("multipart/form-data; boundary="), Error);
  EXPECT_THROW(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')), Error);
}

}  // namespace
}  // namespace deeptrace::api
