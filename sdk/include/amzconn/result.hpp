// Result<T, E = Error>: a value or an error, the way expected failures travel inside amzconn;
// TRY / TRY_ASSIGN pass a failure up.
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

// A failure on its way up: TRY returns one, and every Result whose error type can be made from
// E accepts it (so an ApiError travels up into a Result<T, Error> through its explicit conversion).
template <typename E>
struct Failure {
    E error;
};
template <typename E>
Failure(E) -> Failure<E>;

// Holds either a T or an E (an Error unless said otherwise). `Result<void, E>` holds nothing or an E.
template <typename T, typename E = Error>
class [[nodiscard]] Result {
public:
    using value_type = T;
    using error_type = E;

    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_data(std::in_place_index<1>, std::move(error)) {}
    template <typename E2>
        requires std::is_constructible_v<E, E2>
    Result(Failure<E2> failure) : m_data(std::in_place_index<1>, E(std::move(failure.error))) {}

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

    const E& error() const& {
        assert(!ok());
        return std::get<1>(m_data);
    }
    E& error() & {
        assert(!ok());
        return std::get<1>(m_data);
    }
    E&& error() && {
        assert(!ok());
        return std::get<1>(std::move(m_data));
    }
    Status status() const
        requires std::is_same_v<E, Error>
    {
        return ok() ? Status::ok : error().status;
    }

    template <typename U>
    T value_or(U&& fallback) const& {
        return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, E> m_data;
};

template <typename E>
class [[nodiscard]] Result<void, E> {
public:
    using value_type = void;
    using error_type = E;

    Result() = default;
    Result(E error) : m_error(std::move(error)) {}
    template <typename E2>
        requires std::is_constructible_v<E, E2>
    Result(Failure<E2> failure) : m_error(E(std::move(failure.error))) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const E& error() const& {
        assert(!ok());
        return *m_error;
    }
    E& error() & {
        assert(!ok());
        return *m_error;
    }
    E&& error() && {
        assert(!ok());
        return std::move(*m_error);
    }
    Status status() const
        requires std::is_same_v<E, Error>
    {
        return ok() ? Status::ok : m_error->status;
    }

private:
    std::optional<E> m_error;
};

using Outcome = Result<void>;

} // namespace amzconn

// TRY(expr): evaluates a Result; on failure returns its error from the enclosing function (which
// returns any Result whose error type can be made from it). TRY_ASSIGN(decl, expr) does the same
// and on success moves the value into `decl` (`TRY_ASSIGN(auto page, fetch(...));`).
#define AMZCONN_TRY_CAT2(a, b) a##b
#define AMZCONN_TRY_CAT(a, b) AMZCONN_TRY_CAT2(a, b)
#define TRY(expr)                                                                                 \
    do {                                                                                          \
        auto&& amzconn_try_result_ = (expr);                                                      \
        if (!amzconn_try_result_) {                                                               \
            return ::amzconn::Failure{std::move(amzconn_try_result_).error()};                    \
        }                                                                                         \
    } while (false)
#define AMZCONN_TRY_ASSIGN_IMPL(tmp, decl, expr)                                                  \
    auto tmp = (expr);                                                                            \
    if (!tmp) {                                                                                   \
        return ::amzconn::Failure{std::move(tmp).error()};                                        \
    }                                                                                             \
    decl = std::move(tmp).value()
#define TRY_ASSIGN(decl, expr)                                                                    \
    AMZCONN_TRY_ASSIGN_IMPL(AMZCONN_TRY_CAT(amzconn_try_tmp_, __LINE__), decl, expr)
