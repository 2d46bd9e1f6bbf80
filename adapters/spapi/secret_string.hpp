// SecretString: a string for credentials and tokens that is wiped (explicit_bzero) when it dies
// and never prints itself. Copying is explicit so stray copies stay rare.
#pragma once

#include <string.h>
#include <string>
#include <string_view>
#include <utility>

namespace amzconn::spapi {

class SecretString {
  public:
    SecretString() = default;
    // Takes the bytes and wipes what the moved-from string may still hold (short-string buffer).
    explicit SecretString(std::string&& value) : m_value(std::move(value)) {
        if (value.capacity() > 0) {
            explicit_bzero(value.data(), value.capacity());
        }
        value.clear();
    }
    explicit SecretString(std::string_view value) : m_value(value) {}
    SecretString(const SecretString&) = delete;
    SecretString& operator=(const SecretString&) = delete;
    SecretString(SecretString&& other) noexcept : m_value(std::move(other.m_value)) {
        other.wipe();
    }
    SecretString& operator=(SecretString&& other) noexcept {
        if (this != &other) {
            wipe();
            m_value = std::move(other.m_value);
            other.wipe();
        }
        return *this;
    }
    ~SecretString() { wipe(); }

    SecretString clone() const { return SecretString(std::string_view(m_value)); }
    std::string_view reveal() const { return m_value; }
    bool empty() const { return m_value.empty(); }
    size_t size() const { return m_value.size(); }

    void wipe() noexcept {
        // Wipe the whole capacity: short strings live in the object, long ones on the heap.
        if (m_value.capacity() > 0) {
            explicit_bzero(m_value.data(), m_value.capacity());
        }
        m_value.clear();
    }

    friend bool operator==(const SecretString& a, const SecretString& b) {
        return a.m_value == b.m_value;
    }

  private:
    std::string m_value;
};

} // namespace amzconn::spapi
