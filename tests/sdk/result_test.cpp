// Result<T, E> and TRY: a failure travels up unchanged, or converted where the error types differ.
#include "amzconn/result.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

struct NarrowError {
    int code = 0;
    explicit operator amzconn::Error() const {
        return amzconn::Error{amzconn::Status::bad_input, "narrow " + std::to_string(code)};
    }
};

amzconn::Result<int, NarrowError> parse_digit(char c) {
    if (c < '0' || c > '9') {
        return NarrowError{c};
    }
    return c - '0';
}

amzconn::Result<int> sum_two(const char* text) {
    TRY_ASSIGN(const int first, parse_digit(text[0]));
    TRY_ASSIGN(const int second, parse_digit(text[1]));
    return first + second;
}

amzconn::Result<void, NarrowError> check_digit(char c) {
    TRY(parse_digit(c));
    return {};
}

} // namespace

TEST_CASE("sdk: TRY_ASSIGN passes values on and the first failure up, converted to the caller's error") {
    auto good = sum_two("47");
    REQUIRE(good.ok());
    CHECK(*good == 11);

    auto bad = sum_two("4x");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status() == amzconn::Status::bad_input);
    CHECK(bad.error().message == "narrow " + std::to_string(int{'x'}));
}

TEST_CASE("sdk: TRY in a Result<void, E> keeps the error as it is") {
    CHECK(check_digit('3').ok());
    auto bad = check_digit('a');
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == int{'a'});
}
