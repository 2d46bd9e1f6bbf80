#include "secret_box.hpp"

#include <sodium.h>
#include <stdexcept>
#include <vector>

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_sealed_prefix = "v1:";
constexpr std::string_view k_id_context = "amzconn secret key id";
constexpr size_t k_nonce_size = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t k_tag_size = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr int k_base64 = sodium_base64_VARIANT_ORIGINAL;

static_assert(SecretKey::k_size == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

// libsodium must be initialised once before use; failing means no usable randomness, which is
// truly exceptional.
void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

std::string to_base64(const unsigned char* bytes, size_t size) {
    std::string text(sodium_base64_ENCODED_LEN(size, k_base64), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes, size, k_base64);
    text.resize(text.size() - 1); // the terminating NUL
    return text;
}

Result<std::vector<unsigned char>> from_base64(std::string_view text, size_t max_size) {
    std::vector<unsigned char> bytes(max_size);
    size_t size = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), " \t\r\n", &size,
                          nullptr, k_base64) != 0) {
        return Error{Status::bad_input, "not base64 of the expected size"};
    }
    bytes.resize(size);
    return bytes;
}

std::string associated_data(std::string_view name) {
    return "amzconn secret:" + std::string(name);
}

} // namespace

SecretKey SecretKey::generate() {
    ensure_sodium();
    SecretKey key;
    crypto_aead_xchacha20poly1305_ietf_keygen(key.m_bytes.data());
    return key;
}

Result<SecretKey> SecretKey::from_text(std::string_view text) {
    ensure_sodium();
    auto bytes = from_base64(text, k_size + 1);
    if (!bytes || bytes->size() != k_size) {
        return Error{Status::bad_input, "it does not hold an amzconn secret key (one line of 44 "
                                        "base64 characters)"};
    }
    SecretKey key;
    std::copy(bytes->begin(), bytes->end(), key.m_bytes.begin());
    sodium_memzero(bytes->data(), bytes->size());
    return key;
}

SecretKey::~SecretKey() {
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

std::string SecretKey::to_text() const {
    return to_base64(m_bytes.data(), m_bytes.size());
}

std::string SecretKey::id() const {
    ensure_sodium();
    std::array<unsigned char, 8> hash{};
    crypto_generichash(hash.data(), hash.size(),
                       reinterpret_cast<const unsigned char*>(k_id_context.data()),
                       k_id_context.size(), m_bytes.data(), m_bytes.size());
    std::string hex(hash.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
    hex.pop_back();
    return hex;
}

std::string seal_secret(const SecretKey& key, std::string_view name, std::string_view value) {
    ensure_sodium();
    const std::string ad = associated_data(name);
    std::vector<unsigned char> box(k_nonce_size + value.size() + k_tag_size);
    randombytes_buf(box.data(), k_nonce_size);
    unsigned long long sealed_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(box.data() + k_nonce_size, &sealed_size,
                                               reinterpret_cast<const unsigned char*>(value.data()),
                                               value.size(),
                                               reinterpret_cast<const unsigned char*>(ad.data()),
                                               ad.size(), nullptr, box.data(), key.data());
    return std::string(k_sealed_prefix) + to_base64(box.data(), k_nonce_size + sealed_size);
}

Result<std::string> unseal_secret(const SecretKey& key, std::string_view name,
                                  std::string_view sealed) {
    ensure_sodium();
    const Error refused{Status::bad_input, "secret '" + std::string(name) +
                                               "' cannot be decrypted with key " + key.id()};
    if (!sealed.starts_with(k_sealed_prefix)) {
        return refused;
    }
    sealed.remove_prefix(k_sealed_prefix.size());
    auto box = from_base64(sealed, sealed.size());
    if (!box || box->size() < k_nonce_size + k_tag_size) {
        return refused;
    }
    const std::string ad = associated_data(name);
    std::string value(box->size() - k_nonce_size - k_tag_size, '\0');
    unsigned long long value_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(value.data()), &value_size, nullptr,
            box->data() + k_nonce_size, box->size() - k_nonce_size,
            reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), box->data(),
            key.data()) != 0) {
        return refused;
    }
    value.resize(value_size);
    return value;
}

} // namespace amzconn::refhost
