#include "chain/canonical_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/errors.hpp"

namespace deeptrace::chain {
namespace {

// Shortest round-trip digits and the decimal exponent n of ECMA-262's
// Number::toString: value = 0.d1d2...dk × 10^n.
struct Decimal {
  std::string digits;
  int point = 0;
};

Decimal shortest_decimal(double positive) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, positive, std::chars_format::scientific);
  std::string text(buf, end);  // "d.ddde+XX" or "de-XX"
  size_t e = text.find('e');
  Decimal out;
  for (char c : text.substr(0, e)) {
    if (c != '.') out.digits.push_back(c);
  }
  out.point = std::stoi(text.substr(e + 1)) + 1;
  return out;
}

std::string exponent_form(const Decimal& d) {
  std::string mantissa = d.digits.substr(0, 1);
  if (d.digits.size() > 1) mantissa += "." + d.digits.substr(1);
  int exponent = d.point - 1;
  return mantissa + "e" + (exponent < 0 ? "-" : "+") + std::to_string(std::abs(exponent));
}

std::string positional_form(const Decimal& d) {
  int k = static_cast<int>(d.digits.size());
  int n = d.point;
  if (k <= n) return d.digits + std::string(n - k, '0');
  if (n > 0) return d.digits.substr(0, n) + "." + d.digits.substr(n);
  return "0." + std::string(-n, '0') + d.digits;
}

void append_escaped(std::string& out, const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

[[noreturn]] void invalid_utf8() { throw Error(ErrorCode::INVALID_REQUEST, "JSON text is not valid UTF-8"); }

// UTF-8 to UTF-16 code units: RFC 8785 orders member names by UTF-16 units,
// which differs from UTF-8 byte order above U+FFFF.
std::u16string utf16_units(const std::string& text) {
  std::u16string out;
  for (size_t i = 0; i < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    int extra = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + extra >= text.size()) invalid_utf8();
    char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int j = 1; j <= extra; ++j) {
      unsigned char cont = static_cast<unsigned char>(text[i + j]);
      if ((cont & 0xC0) != 0x80) invalid_utf8();
      cp = (cp << 6) | (cont & 0x3F);
    }
    i += extra + 1;
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void append_canonical(std::string& out, const nlohmann::json& value);

void append_object(std::string& out, const nlohmann::json& object) {
  std::vector<std::pair<std::u16string, const std::string*>> keys;
  for (const auto& item : object.items()) keys.emplace_back(utf16_units(item.key()), &item.key());
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out.push_back('{');
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_escaped(out, *keys[i].second);
    out.push_back(':');
    append_canonical(out, object.at(*keys[i].second));
  }
  out.push_back('}');
}

void append_canonical(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: append_object(out, value); break;
    case nlohmann::json::value_t::array:
      out.push_back('[');
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_canonical(out, value[i]);
      }
      out.push_back(']');
      break;
    case nlohmann::json::value_t::string:
      utf16_units(value.get_ref<const std::string&>());  // validates
      append_escaped(out, value.get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; break;
    case nlohmann::json::value_t::null: out += "null"; break;
    // Every JSON number is a double in ECMAScript, integers included.
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: out += ecmascript_number(value.get<double>()); break;
    default: throw Error(ErrorCode::INVALID_REQUEST, "value has no JSON form");
  }
}

}  // namespace

std::string ecmascript_number(double value) {
  if (!std::isfinite(value)) throw Error(ErrorCode::INVALID_REQUEST, "NaN and infinity have no JSON form");
  if (value == 0) return "0";  // -0 too
  if (value < 0) return "-" + ecmascript_number(-value);
  Decimal d = shortest_decimal(value);
  bool positional = d.point > -6 && d.point <= 21;
  return positional ? positional_form(d) : exponent_form(d);
}

std::string canonical_json(const nlohmann::json& value) {
  std::string out;
  append_canonical(out, value);
  return out;
}

}  // namespace deeptrace::chain
