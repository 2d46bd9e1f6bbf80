// An optional value kept on the heap: std::optional's meaning (engaged or not, copied deeply)
// in the space of one pointer. For the rarely engaged parts of a listing's last-sent state:
// 100,000 states are read, compared and copied per stock pass.
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace amzconn::stock {

template <class T>
class HeapOptional {
  public:
    HeapOptional() = default;
    // Implicit, as std::optional's: `state.pending = values`.
    HeapOptional(const T& value) : m_value(std::make_unique<T>(value)) {}       // NOLINT
    HeapOptional(T&& value) : m_value(std::make_unique<T>(std::move(value))) {} // NOLINT
    HeapOptional(const HeapOptional& other)
        : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
    HeapOptional(HeapOptional&&) noexcept = default;
    HeapOptional& operator=(const HeapOptional& other) {
        if (this != &other) {
            *this = other.m_value ? HeapOptional(*other.m_value) : HeapOptional();
        }
        return *this;
    }
    HeapOptional& operator=(HeapOptional&&) noexcept = default;
    HeapOptional& operator=(const T& value) {
        if (m_value) {
            *m_value = value;
        } else {
            m_value = std::make_unique<T>(value);
        }
        return *this;
    }
    ~HeapOptional() = default;

    bool has_value() const { return m_value != nullptr; }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }
    T* operator->() { return m_value.get(); }
    const T* operator->() const { return m_value.get(); }
    void reset() { m_value.reset(); }
    operator std::optional<T>() const { // NOLINT(google-explicit-constructor)
        return m_value ? std::optional<T>(*m_value) : std::nullopt;
    }

    friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
        return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
    }

  private:
    std::unique_ptr<T> m_value;
};

} // namespace amzconn::stock
