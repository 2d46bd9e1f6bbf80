// Building blocks of the client that need no server: URL encoding, endpoint policy, secrets,
// log escaping, backoff bounds, Retry-After, token buckets on a virtual clock, consent URLs,
// gzip and tab-separated reports.
#include "memory_host.hpp"
#include "spapi/backoff.hpp"
#include "spapi/gzip.hpp"
#include "spapi/log_text.hpp"
#include "spapi/lwa.hpp"
#include "spapi/rate_limiter.hpp"
#include "spapi/secret_ref.hpp"
#include "spapi/store_identity.hpp"
#include "spapi/tsv.hpp"
#include "spapi/url.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace amzconn;
using namespace amzconn::spapi;

TEST_CASE("spapi: pagination tokens and path segments are percent-encoded") {
    CHECK(percent_encode("abc+/=") == "abc%2B%2F%3D");
    CHECK(percent_encode("a b&c") == "a%20b%26c");
    CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(build_query({{"paginationToken", "x+y/z=="}, {"a", "1"}}) ==
          "paginationToken=x%2By%2Fz%3D%3D&a=1");
    CHECK(percent_encode("SKU/1 ü") == "SKU%2F1%20%C3%BC");
}

TEST_CASE("spapi: endpoints must be https, or http to loopback only") {
    CHECK(check_endpoint("https://sellingpartnerapi-eu.amazon.com", "endpoint").ok());
    CHECK(check_endpoint("http://127.0.0.1:8080", "endpoint").ok());
    CHECK(check_endpoint("http://localhost:1", "endpoint").ok());
    CHECK(check_endpoint("http://[::1]:1/x", "endpoint").ok());
    CHECK_FALSE(check_endpoint("http://example.com", "endpoint").ok());
    CHECK_FALSE(check_endpoint("http://127.0.0.1.evil.com/", "endpoint").ok());
    CHECK_FALSE(check_endpoint("file:///etc/passwd", "endpoint").ok());
    CHECK_FALSE(check_endpoint("ftp://x", "endpoint").ok());
    CHECK_FALSE(check_endpoint("https://user:pw@host/", "endpoint").ok());
    auto e = check_endpoint("http://example.com", "spapi.endpoint");
    CHECK(e.error().message.find("spapi.endpoint") != std::string::npos);
}

TEST_CASE("spapi: secret references resolve from env, file and the host store") {
    testing::MemoryHost host;
    ::setenv("AMZCONN_TEST_SECRET_X", "env-value", 1);
    auto env = resolve_secret("${env:AMZCONN_TEST_SECRET_X}", host);
    REQUIRE(env.ok());
    CHECK(env->reveal() == "env-value");

    char path[] = "/tmp/amzconn_secret_XXXXXX";
    int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, "file-value\n", 11) == 11);
    ::close(fd);
    ::chmod(path, 0600);
    auto file = resolve_secret(std::string("${file:") + path + "}", host);
    REQUIRE(file.ok());
    CHECK(file->reveal() == "file-value");
    ::chmod(path, 0644);
    auto loose = resolve_secret(std::string("${file:") + path + "}", host);
    CHECK_FALSE(loose.ok());
    CHECK(loose.error().message.find("chmod 600") != std::string::npos);
    CHECK(loose.error().message.find("file-value") == std::string::npos);
    ::unlink(path);

    host.set_secret("lwa/secret", "store-value");
    auto stored = resolve_secret("${secret:lwa/secret}", host);
    REQUIRE(stored.ok());
    CHECK(stored->reveal() == "store-value");
    CHECK_FALSE(resolve_secret("${secret:missing}", host).ok());
}

TEST_CASE("spapi: plain or malformed secret references are refused") {
    testing::MemoryHost host;
    for (const char* bad : {"Atzr|plain-token", "${env:}", "${env:1BAD}", "${vault:x}",
                            "${file:relative/path}", "${env:A", "env:A}"}) {
        CAPTURE(bad);
        auto r = resolve_secret(bad, host);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("Atzr|plain-token") == std::string::npos);
    }
    ::unsetenv("AMZCONN_TEST_UNSET_VAR");
    CHECK_FALSE(resolve_secret("${env:AMZCONN_TEST_UNSET_VAR}", host).ok());
}

TEST_CASE("spapi: a SecretString wipes its bytes and moves leave nothing behind") {
    SecretString a(std::string_view("canary-secret-value-long-enough-for-heap"));
    SecretString b = std::move(a);
    CHECK(a.empty());
    CHECK(b.reveal() == "canary-secret-value-long-enough-for-heap");
    std::string src = "short-secret";
    SecretString c(std::move(src));
    CHECK(src.empty());
    b.wipe();
    CHECK(b.empty());
    CHECK(c.clone().reveal() == "short-secret");
}

TEST_CASE("spapi: log text has CR, LF and control bytes escaped") {
    CHECK(log_safe("a\r\nINFO fake line") == "a\\r\\nINFO fake line");
    CHECK(log_safe(std::string("x\0y", 3)) == "x\\x00y");
    CHECK(log_safe(std::string(600, 'a'), 10).size() == 13);
}

TEST_CASE("spapi: log text keeps UTF-8 characters, escapes bytes that are not UTF-8 and never "
          "cuts a character") {
    CHECK(log_safe("Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6") ==
          "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xa6");
    CHECK(log_safe("sta\xffrt") == "sta\\xffrt");                  // a stray byte
    CHECK(log_safe("\xc3") == "\\xc3");                            // a character cut short
    CHECK(log_safe("\xc0\xaf") == "\\xc0\\xaf");                   // an overlong '/'
    CHECK(log_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80");          // a UTF-16 surrogate
    CHECK(log_safe("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80"); // past U+10FFFF
    const auto once = log_safe("a\xff\tb\xc3\xa9");
    CHECK(log_safe(once) == once);
    CHECK(log_safe("ab\xe2\x82\xac"
                   "cd",
                   3) == "ab\xe2\x82\xac..."); // the euro sign whole
}

namespace {

// The rules log_safe applies, one byte at a time: what its faster runs must still give.
std::string log_safe_bytewise(std::string_view text, size_t max_bytes) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        if (out.size() >= max_bytes) {
            return out + "...";
        }
        const auto u = static_cast<unsigned char>(text[i]);
        const size_t n = u >= 0x80 ? amzconn::detail::utf8_sequence(text, i) : 1;
        if (u >= 0x80 && n > 0) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        const char* named = u == '\r' ? "\\r" : u == '\n' ? "\\n" : u == '\t' ? "\\t" : nullptr;
        if (named != nullptr) {
            out += named;
        } else if (u < 0x20 || u >= 0x7f) {
            amzconn::detail::append_hex_escape(out, u);
        } else {
            out += static_cast<char>(u);
        }
        ++i;
    }
    return out;
}

} // namespace

TEST_CASE("spapi: log text escaped in runs equals the byte-by-byte rules at every cap") {
    std::srand(7);
    const std::string alphabet =
        std::string("abc XYZ-_:/{}\"\r\n\t\x01\x7f\xff\xc3\xa9\xe2\x82\xac") + std::string(1, '\0');
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const int length = std::rand() % 40;
        for (int k = 0; k < length; ++k) {
            text += alphabet[static_cast<size_t>(std::rand()) % alphabet.size()];
        }
        const size_t cap =
            round % 3 == 0 ? std::string::npos : static_cast<size_t>(std::rand() % 30);
        REQUIRE(log_safe(text, cap) == log_safe_bytewise(text, cap));
    }
}

TEST_CASE("spapi: full-jitter backoff stays within its exponential ceiling and the cap") {
    Backoff b(1000, 60000, 7);
    CHECK(b.ceiling_ms(0) == 1000);
    CHECK(b.ceiling_ms(3) == 8000);
    CHECK(b.ceiling_ms(20) == 60000);
    bool saw_low = false;
    bool saw_high = false;
    for (int attempt = 0; attempt < 10; ++attempt) {
        for (int i = 0; i < 200; ++i) {
            int64_t d = b.delay_ms(attempt);
            CHECK(d >= 0);
            CHECK(d <= b.ceiling_ms(attempt));
            saw_low |= d < b.ceiling_ms(attempt) / 4;
            saw_high |= d > b.ceiling_ms(attempt) * 3 / 4;
        }
    }
    CHECK(saw_low);
    CHECK(saw_high);
}

TEST_CASE("spapi: Retry-After is read as seconds or as an HTTP-date") {
    int64_t now = 1'445'412'000'000; // 2015-10-21T07:20:00Z
    CHECK(parse_retry_after_ms("2", now) == 2000);
    CHECK(parse_retry_after_ms(" 120 ", now) == 120000);
    CHECK(parse_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", now) == 480000);
    CHECK(parse_retry_after_ms("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0);
    CHECK_FALSE(parse_retry_after_ms("soon", now).has_value());
    CHECK_FALSE(parse_retry_after_ms("-1", now).has_value());
    CHECK_FALSE(parse_retry_after_ms("", now).has_value());
}

TEST_CASE("spapi: the token bucket gives the burst at once, then the documented rate") {
    testing::MemoryHost host;
    RateLimiterRegistry reg;
    BucketKey key{"SELLER", "NA", "getOrder"}; // 0.5/s, burst 30
    int64_t start = host.now_ms();
    for (int i = 0; i < 30; ++i) {
        REQUIRE(reg.acquire(key, host).ok());
    }
    CHECK(host.now_ms() == start);
    for (int i = 0; i < 10; ++i) {
        REQUIRE(reg.acquire(key, host).ok());
    }
    // 10 more calls at 0.5/s need 20 s of virtual time.
    CHECK(host.now_ms() - start >= 20000);
    CHECK(host.now_ms() - start <= 20010);
}

TEST_CASE("spapi: buckets are per seller, region and operation") {
    testing::MemoryHost host;
    RateLimiterRegistry reg;
    for (int i = 0; i < 2; ++i) {
        REQUIRE(reg.acquire({"S1", "NA", "getInventorySummaries"}, host).ok());
    }
    int64_t t = host.now_ms();
    REQUIRE(reg.acquire({"S2", "NA", "getInventorySummaries"}, host).ok());
    REQUIRE(reg.acquire({"S1", "EU", "getInventorySummaries"}, host).ok());
    REQUIRE(reg.acquire({"S1", "NA", "getOrder"}, host).ok());
    CHECK(host.now_ms() == t);
    REQUIRE(reg.acquire({"S1", "NA", "getInventorySummaries"}, host).ok());
    CHECK(host.now_ms() > t);
}

TEST_CASE("spapi: x-amzn-RateLimit-Limit adapts the rate and junk values are ignored") {
    testing::MemoryHost host;
    RateLimiterRegistry reg;
    BucketKey key{"S", "EU", "searchOrders"};
    CHECK(reg.plan(key, host.now_ms()).rate_per_s == doctest::Approx(0.0056));
    reg.observe_limit_header(key, "0.0167", host.now_ms());
    CHECK(reg.plan(key, host.now_ms()).rate_per_s == doctest::Approx(0.0167));
    reg.observe_limit_header(key, "abc", host.now_ms());
    reg.observe_limit_header(key, "-1", host.now_ms());
    reg.observe_limit_header(key, "0", host.now_ms());
    CHECK(reg.plan(key, host.now_ms()).rate_per_s == doctest::Approx(0.0167));
    CHECK(reg.plan(key, host.now_ms()).burst == doctest::Approx(20));
}

TEST_CASE("spapi: a 429 drains the local bucket so the next call waits") {
    testing::MemoryHost host;
    RateLimiterRegistry reg;
    BucketKey key{"S", "NA", "getFeed"}; // 2/s burst 15
    REQUIRE(reg.acquire(key, host).ok());
    reg.on_throttled(key, host.now_ms());
    int64_t t = host.now_ms();
    REQUIRE(reg.acquire(key, host).ok());
    CHECK(host.now_ms() - t >= 500);
}

TEST_CASE("spapi: the consent URL targets the marketplace's Seller Central") {
    auto us = consent_url("US", "amzn1.sp.solution.abc", "st+ate", false);
    REQUIRE(us.ok());
    CHECK(*us == "https://sellercentral.amazon.com/apps/authorize/"
                 "consent?application_id=amzn1.sp.solution.abc&state=st%2Bate");
    auto de = consent_url("A1PA6795UKMFR9", "app", "s", true);
    REQUIRE(de.ok());
    CHECK(de->rfind("https://sellercentral-europe.amazon.com/", 0) == 0);
    CHECK(de->find("version=beta") != std::string::npos);
    CHECK(consent_url("JP", "a", "s", false)->find("amazon.co.jp") != std::string::npos);
    CHECK_FALSE(consent_url("XX", "a", "s", false).ok());
    CHECK_FALSE(consent_url("US", "", "s", false).ok());
}

TEST_CASE("spapi: gzip documents round-trip and truncated gzip is an error") {
    std::string text = "sku\tqty\nA\t1\n";
    auto gz = gzip_compress(text);
    REQUIRE(gz.ok());
    auto back = gunzip(*gz, 1024);
    REQUIRE(back.ok());
    CHECK(*back == text);
    CHECK_FALSE(gunzip(gz->substr(0, gz->size() / 2), 1024).ok());
    CHECK_FALSE(gunzip("not gzip", 1024).ok());
    CHECK_FALSE(gunzip(*gzip_compress(std::string(5000, 'a')), 100).ok());
}

TEST_CASE("spapi: tab-separated reports parse by header and reject ragged rows") {
    auto t = parse_tsv("\xEF\xBB\xBFsku\tquantity\r\nA-1\t5\r\n\r\nB-2\t\n");
    REQUIRE(t.ok());
    CHECK(t->columns == std::vector<std::string>{"sku", "quantity"});
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[1][1].empty());
    CHECK(t->column("quantity") == 1u);
    auto bad = parse_tsv("a\tb\n1\t2\t3\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("line 2") != std::string::npos);
    CHECK_FALSE(parse_tsv("").ok());
}

TEST_CASE("spapi: a store identity resolves its references and picks the region") {
    testing::MemoryHost host;
    host.set_secret("lwa/secret", "s3cret-value");
    host.set_secret("stores/de/refresh", "Atzr|refresh-value");
    StoreCredentialRefs refs{"de-main",
                             "amzn1.application-oa2-client.x",
                             "${secret:lwa/secret}",
                             "${secret:stores/de/refresh}",
                             "",
                             "DE"};
    auto id = resolve_store_identity(refs, host);
    REQUIRE(id.ok());
    CHECK(id->auth.region == amazon::Region::eu);
    CHECK(id->auth.seller_key == "de-main");
    CHECK(id->auth.refresh_token.reveal() == "Atzr|refresh-value");
    refs.refresh_token_ref = "${secret:missing}";
    auto missing = resolve_store_identity(refs, host);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("refresh_token") != std::string::npos);
    CHECK(missing.error().message.find("s3cret-value") == std::string::npos);
    refs.marketplace = "XX";
    CHECK_FALSE(resolve_store_identity(refs, host).ok());
}

TEST_CASE("spapi: client options are validated with the setting named") {
    ClientOptions o;
    CHECK(validate_options(o).ok());
    o.endpoint = "http://sandbox.example.com";
    auto e = validate_options(o);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message.find("spapi endpoint") != std::string::npos);
    o.endpoint = "http://127.0.0.1:8080";
    o.lwa_token_url = "http://127.0.0.1:8080/auth/o2/token";
    CHECK(validate_options(o).ok());
    o.connect_timeout_ms = 0;
    CHECK_FALSE(validate_options(o).ok());
    o.connect_timeout_ms = 1000;
    o.user_agent = std::string(501, 'a');
    CHECK_FALSE(validate_options(o).ok());
}

TEST_CASE("spapi: a usage-plan wait beyond the limit is refused with the wait it needs") {
    testing::MemoryHost host;
    RateLimiterRegistry reg;
    BucketKey key{"S", "NA", "searchOrders"};
    for (int i = 0; i < 20; ++i) {
        REQUIRE(reg.acquire(key, host, 1000).ok());
    }
    int64_t needed = 0;
    int64_t before = host.now_ms();
    auto r = reg.acquire(key, host, 1000, &needed);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().status == Status::retry_later);
    CHECK(needed > 170000); // 1 / 0.0056 s
    CHECK(host.now_ms() == before);
}
