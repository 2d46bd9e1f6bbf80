// Result<T>: a value or an Error (status + message), the way expected failures travel inside amzconn.
// Errors are values (ccache's tl::expected, DuckDB's error rule); exceptions are for the truly
// exceptional and never cross the plugin boundary.
#pragma once

#include "amzconn/abi.h"

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace amzconn {

// Status codes shared with the C ABI.
enum class Status {
    ok = AMZC_OK,
    retry_later = AMZC_RETRY_LATER,
    bad_input = AMZC_BAD_INPUT,
    auth_failed = AMZC_AUTH_FAILED,
    not_found = AMZC_NOT_FOUND,
    conflict = AMZC_CONFLICT,
    cancelled = AMZC_CANCELLED,
    not_implemented = AMZC_NOT_IMPLEMENTED,
    incompatible = AMZC_INCOMPATIBLE,
    internal = AMZC_INTERNAL,
};

constexpr std::string_view to_string(Status status) {
    switch (status) {
    case Status::ok: return "ok";
    case Status::retry_later: return "retry_later";
    case Status::bad_input: return "bad_input";
    case Status::auth_failed: return "auth_failed";
    case Status::not_found: return "not_found";
    case Status::conflict: return "conflict";
    case Status::cancelled: return "cancelled";
    case Status::not_implemented: return "not_implemented";
    case Status::incompatible: return "incompatible";
    case Status::internal: return "internal";
    }
    return "unknown";
}

constexpr amzc_status to_c(Status status) { return static_cast<amzc_status>(status); }

constexpr Status from_c(amzc_status status) {
    switch (status) {
    case AMZC_OK:
    case AMZC_RETRY_LATER:
    case AMZC_BAD_INPUT:
    case AMZC_AUTH_FAILED:
    case AMZC_NOT_FOUND:
    case AMZC_CONFLICT:
    case AMZC_CANCELLED:
    case AMZC_NOT_IMPLEMENTED:
    case AMZC_INCOMPATIBLE:
    case AMZC_INTERNAL: return static_cast<Status>(status);
    }
    return Status::internal; // an out-of-range code from a foreign module is a bug on that side
}

// An expected failure: what kind, and a message that says what to do next.
struct Error {
    Status status = Status::internal;
    std::string message;

    Error() = default;
    Error(Status s, std::string m) : status(s), message(std::move(m)) {}
};

inline Error make_error(Status status, std::string message) {
    return Error{status, std::move(message)};
}

// Holds either a T or an Error. `Result<void>` holds nothing or an Error.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_data);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_data);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_data));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(m_data);
    }
    Status status() const { return ok() ? Status::ok : error().status; }

    template <typename U>
    T value_or(U&& fallback) const& {
        return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> m_data;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(!ok());
        return *m_error;
    }
    Status status() const { return ok() ? Status::ok : m_error->status; }

private:
    std::optional<Error> m_error;
};

using Outcome = Result<void>;

} // namespace amzconn
