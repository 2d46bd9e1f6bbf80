// F19 TLS refusals (reliability plan §2.2, §2.7): self-signed, wrong host, expired and
// TLS 1.1-only servers are refused before any credential byte is sent. Certificates are made at
// test time with the openssl CLI; openssl s_server is the server and echoes every decrypted byte
// it receives to its output, so the tests can prove nothing reached it. Amazon's real host names
// are mapped to loopback with CONNECT_TO so real name checks run.
#include "child_process.hpp"
#include "rig.hpp"
#include "spapi/sellers_api.hpp"
#include "spapi/url.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <thread>

using namespace amzconn;
using namespace amzconn::spapi;

namespace {

constexpr const char* k_host = "sellingpartnerapi-na.amazon.com";
constexpr const char* k_lwa_host = "api.amazon.com";

bool run(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
}

// A throwaway CA and server certificates in a temp dir.
class Pki {
  public:
    Pki() {
        std::ofstream(m_dir + "/ca.cnf") << "[ca]\ndefault_ca=d\n[d]\ndir=.\ndatabase=index.txt\n"
                                            "new_certs_dir=.\nserial=serial\ndefault_md=sha256\n"
                                            "policy=p\ncopy_extensions=copy\n[p]\ncommonName="
                                            "supplied\n";
        std::ofstream(m_dir + "/index.txt");
        std::ofstream(m_dir + "/serial") << "01\n";
        m_ok = sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
                  "-subj /CN=amzconn-test-ca");
        m_ok =
            m_ok && issue("good", std::string("DNS:") + k_host + ",DNS:" + k_lwa_host, "-days 2");
        m_ok = m_ok && issue("wronghost", "DNS:wrong.example", "-days 2");
        m_ok = m_ok && issue("expired", std::string("DNS:") + k_host + ",DNS:" + k_lwa_host,
                             "-startdate 20200101000000Z -enddate 20200102000000Z");
        m_ok = m_ok && sh(std::string("openssl req -x509 -newkey rsa:2048 -nodes -keyout "
                                      "self.key -out self.pem -days 2 -subj /CN=") +
                          k_host + " -addext subjectAltName=DNS:" + k_host);
    }
    bool ok() const { return m_ok; }
    std::string path(const std::string& name) const { return m_dir + "/" + name; }

  private:
    bool sh(const std::string& cmd) const { return run("cd " + m_dir + " && " + cmd); }
    bool issue(const std::string& name, const std::string& san, const std::string& dates) {
        return sh("openssl req -newkey rsa:2048 -nodes -keyout " + name + ".key -out " + name +
                  ".csr -subj /CN=" + name + " -addext subjectAltName=" + san) &&
               sh("openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in " + name +
                  ".csr -out " + name + ".pem " + dates);
    }
    testing::TempDir m_temp;
    std::string m_dir = m_temp.path().string();
    bool m_ok = false;
};

// openssl s_server on 127.0.0.1 (ephemeral port), run by the shared ChildProcess; what it prints
// (the decrypted bytes it received, and its errors) is read back from its pipes.
class TlsServer {
  public:
    TlsServer(const std::string& cert, const std::string& key, std::vector<std::string> extra)
        : m_process(server_argv(cert, key, std::move(extra)),
                    // s_server quits at stdin EOF: its stdin stays open while we live.
                    {.keep_stdin_open = true}) {
        for (int i = 0; i < 100 && m_port == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            const std::string text = received();
            auto pos = text.find("ACCEPT 127.0.0.1:");
            if (pos != std::string::npos) {
                m_port = std::atoi(text.c_str() + pos + 17);
            }
        }
    }
    int port() const { return m_port; }
    std::string received() { return m_process.poll_out() + m_process.poll_err(); }

  private:
    static std::vector<std::string> server_argv(const std::string& cert, const std::string& key,
                                                std::vector<std::string> extra) {
        // stdbuf: s_server writes through stdio; unbuffered so every byte shows at once.
        std::vector<std::string> args = {
            "/usr/bin/stdbuf", "-o0",   "openssl", "s_server", "-accept",
            "127.0.0.1:0",     "-cert", cert,      "-key",     key};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    testing::ChildProcess m_process;
    int m_port = 0;
};

ClientOptions mapped_options(const Pki& pki, int port) {
    ClientOptions o;
    o.endpoint = std::string("https://") + k_host;
    o.ca_file = pki.path("ca.pem");
    o.connect_to = {std::string(k_host) + ":443:127.0.0.1:" + std::to_string(port),
                    std::string(k_lwa_host) + ":443:127.0.0.1:" + std::to_string(port)};
    o.connect_timeout_ms = 3000;
    o.total_timeout_ms = 3000;
    o.low_speed_time_s = 2;
    o.retry.max_attempts = 1;
    o.jitter_seed = 5;
    return o;
}

// Runs the connection test through the full client (LWA first: the client secret and refresh
// token are the first bytes that would be sent).
ApiResult<std::vector<sellers::MarketplaceParticipation>> check_store(const ClientOptions& o,
                                                                      testing::MemoryHost& host) {
    ClientShared shared;
    SpApiClient client(o, shared, host, test::canary_identity());
    return sellers::get_marketplace_participations(client);
}

bool has_credential_bytes(const std::string& text) {
    return text.find("client_secret") != std::string::npos ||
           text.find(test::k_canary_client_secret) != std::string::npos ||
           text.find("CANARY-REFRESH") != std::string::npos ||
           text.find("x-amz-access-token") != std::string::npos ||
           text.find("POST ") != std::string::npos;
}

} // namespace

TEST_CASE("spapi: F19 TLS refusals send no credential byte (self-signed, wrong host, expired, "
          "TLS 1.1 only)") {
    Pki pki;
    REQUIRE(pki.ok());
    struct Case {
        const char* name;
        std::string cert, key;
        std::vector<std::string> extra;
        int curl_code;
    };
    std::vector<Case> cases = {
        {"self-signed", pki.path("self.pem"), pki.path("self.key"), {}, 60},
        {"wrong host", pki.path("wronghost.pem"), pki.path("wronghost.key"), {}, 60},
        {"expired", pki.path("expired.pem"), pki.path("expired.key"), {}, 60},
        {"tls 1.1 only",
         pki.path("good.pem"),
         pki.path("good.key"),
         {"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"},
         35},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        TlsServer server(c.cert, c.key, c.extra);
        REQUIRE(server.port() > 0);
        testing::MemoryHost host;
        auto r = check_store(mapped_options(pki, server.port()), host);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::permanent);
        CAPTURE(r.error().message);
        CHECK(r.error().curl_code == c.curl_code);
        CHECK(r.error().message.find("TLS") != std::string::npos);
        CHECK_FALSE(has_credential_bytes(server.received()));
        CHECK(host.log_text().find("CANARY") == std::string::npos);
    }
}

TEST_CASE("spapi: F19 controls: a trusted certificate is accepted and its bytes are visible") {
    Pki pki;
    REQUIRE(pki.ok());
    // Handshake and HTTP work with the test CA under Amazon's host name.
    TlsServer www(pki.path("good.pem"), pki.path("good.key"), {"-www"});
    REQUIRE(www.port() > 0);
    HttpClient http(mapped_options(pki, www.port()), nullptr);
    HttpRequest get;
    get.url = std::string("https://") + k_host + "/";
    auto ok = http.perform(get);
    REQUIRE(ok.ok());
    CHECK(ok->status == 200);
    // The detector used above can fail: against a trusted echo server the LWA request arrives.
    TlsServer echo(pki.path("good.pem"), pki.path("good.key"), {});
    REQUIRE(echo.port() > 0);
    testing::MemoryHost host;
    auto r = check_store(mapped_options(pki, echo.port()), host);
    CHECK_FALSE(r.ok()); // s_server never answers HTTP: the call times out
    CHECK(has_credential_bytes(echo.received()));
}

TEST_CASE(
    "spapi: a private CA is trusted through ca_file or SSL_CERT_FILE and a wrong CA is refused") {
    Pki pki;
    REQUIRE(pki.ok());
    TlsServer www(pki.path("good.pem"), pki.path("good.key"), {"-www"});
    REQUIRE(www.port() > 0);
    HttpRequest get;
    get.url = std::string("https://") + k_host + "/";
    auto perform = [&](const std::string& ca_file) {
        HttpClient http(
            [&] {
                ClientOptions o = mapped_options(pki, www.port());
                o.ca_file = ca_file;
                return o;
            }(),
            nullptr);
        return http.perform(get);
    };
    ::unsetenv("SSL_CERT_FILE");
    ::unsetenv("SSL_CERT_DIR");
    SUBCASE("the configured bundle is trusted") {
        auto ok = perform(pki.path("ca.pem"));
        REQUIRE(ok.ok());
        CHECK(ok->status == 200);
    }
    SUBCASE("a wrong configured bundle is refused and the message names the real key") {
        auto refused = perform(pki.path("self.pem")); // trusts only the self-signed certificate
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().curl_code == 60);
        CHECK(refused.error().message.find("instance.tls.ca_file") != std::string::npos);
    }
    SUBCASE("SSL_CERT_FILE is honoured when no bundle is configured") {
        ::setenv("SSL_CERT_FILE", pki.path("ca.pem").c_str(), 1);
        auto ok = perform("");
        ::setenv("SSL_CERT_FILE", pki.path("self.pem").c_str(), 1);
        auto refused = perform("");
        ::unsetenv("SSL_CERT_FILE");
        REQUIRE(ok.ok());
        CHECK(ok->status == 200);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().curl_code == 60);
    }
    SUBCASE("without either, the system store does not know the private CA") {
        auto refused = perform("");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().curl_code == 60);
    }
}

TEST_CASE("spapi: a host that only starts with 127. is not loopback") {
    test::TestServer server(
        [](const test::RawRequest&, int) { return test::http_reply(200, "{}"); });
    const std::string port = std::to_string(server.port());
    ClientOptions o;
    o.connect_to = {"127.0.0.1.evil.example:" + port + ":127.0.0.1:" + port,
                    "127.0.0.1evil.com:" + port + ":127.0.0.1:" + port};
    o.connect_timeout_ms = 3000;
    o.total_timeout_ms = 3000;
    HttpClient http(o, nullptr);
    for (const std::string host : {"127.0.0.1.evil.example", "127.0.0.1evil.com"}) {
        CAPTURE(host);
        HttpRequest get;
        get.url = "http://" + host + ":" + port + "/";
        auto refused = http.perform(get);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "PolicyRefused");
        CHECK_FALSE(check_endpoint(get.url, "endpoint").ok());
    }
    CHECK(server.requests().empty());
    // The control: the exact loopback address over plain http reaches the server.
    HttpRequest get;
    get.url = "http://127.0.0.1:" + port + "/";
    auto ok = http.perform(get);
    REQUIRE(ok.ok());
    CHECK(ok->status == 200);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("spapi: a redirect is reported as a redirect that is not followed") {
    const std::vector<std::pair<std::string, std::string>> location = {
        {"Location", "https://elsewhere.example/next?X-Amz-Signature=SECRETSIG"}};
    SUBCASE("the token endpoint redirects") {
        test::TestServer server(
            [&](const test::RawRequest&, int) { return test::http_reply(302, "", location); });
        testing::MemoryHost host;
        ClientShared shared;
        SpApiClient client(test::fast_options(server.base_url()), shared, host,
                           test::canary_identity());
        auto r = sellers::get_marketplace_participations(client);
        REQUIRE_FALSE(r.ok());
        CAPTURE(r.error().message);
        CHECK(r.error().http_status == 302);
        CHECK(r.error().message.find("HTTP 302: the endpoint redirected to "
                                     "https://elsewhere.example and redirects are not followed") !=
              std::string::npos);
        CHECK(r.error().message.find("client id") == std::string::npos);
        CHECK(r.error().message.find("SECRETSIG") == std::string::npos);
        CHECK(server.requests().size() == 1); // not retried, not followed
    }
    SUBCASE("an API call redirects") {
        test::Rig rig(
            [&](const test::RawRequest&, int) { return test::http_reply(301, "", location); });
        auto r = sellers::get_marketplace_participations(*rig.client);
        REQUIRE_FALSE(r.ok());
        CAPTURE(r.error().message);
        CHECK(r.error().kind == ErrorKind::permanent);
        CHECK(r.error().message.find("HTTP 301: the endpoint redirected") != std::string::npos);
        CHECK(rig.api_calls.load() == 1);
    }
}
