// Encryption of secret values at rest with libsodium: XChaCha20-Poly1305 with a random nonce per
// value, and the secret's name bound as associated data so a sealed value cannot be moved to
// another name. The key lives outside the database (key_file.hpp).
#pragma once

#include "amzconn/result.hpp"

#include <array>
#include <string>
#include <string_view>

namespace amzconn::refhost {

class SecretKey {
  public:
    static constexpr size_t k_size = 32;

    // A fresh random key.
    static SecretKey generate();
    // The key file's text form (base64 of the 32 key bytes, surrounding whitespace ignored).
    static Result<SecretKey> from_text(std::string_view text);

    SecretKey(const SecretKey& other) = default;
    SecretKey& operator=(const SecretKey& other) = default;
    ~SecretKey();

    std::string to_text() const;
    // A short fingerprint that names the key in the database and in messages; it reveals nothing
    // about the key (a keyed hash of a constant).
    std::string id() const;
    const unsigned char* data() const { return m_bytes.data(); }

  private:
    SecretKey() = default;
    std::array<unsigned char, k_size> m_bytes{};
};

// "v1:" + base64(nonce | ciphertext | tag).
std::string seal_secret(const SecretKey& key, std::string_view name, std::string_view value);
// The value, or bad_input when the text was not sealed under this key and name.
Result<std::string> unseal_secret(const SecretKey& key, std::string_view name,
                                  std::string_view sealed);

} // namespace amzconn::refhost
