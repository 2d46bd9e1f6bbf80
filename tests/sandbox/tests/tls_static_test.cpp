// HTTPS with test-time certificates (verification on) and static mode from the official models.
#include "test_support.hpp"

#include <cstdlib>

using namespace amzconn::testing;

namespace {

// A CA and a leaf for 127.0.0.1/localhost, made with the openssl CLI at test time.
std::string make_certificates() {
    const std::string dir = "/tmp/amzconn-sandbox-tls-" + std::to_string(::getpid());
    const std::string script =
        "set -e; mkdir -p " + dir + "; cd " + dir +
        "; openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=amzconn-test-ca "
        "-keyout ca.key -out ca.pem 2>/dev/null"
        "; openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout leaf.key -out leaf.csr "
        "2>/dev/null"
        "; printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ext.cnf"
        "; openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile ext.cnf -out leaf.pem 2>/dev/null"
        "; openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca "
        "-keyout other.key -out other.pem 2>/dev/null";
    REQUIRE(std::system(("bash -c \"" + script + "\"").c_str()) == 0);
    return dir;
}

} // namespace

TEST_CASE(
    "sandbox: https with --tls-cert and --tls-key serves verified TLS and refuses an unknown CA") {
    const auto dir = make_certificates();
    auto sandbox = start_sandbox({"--tls-cert", dir + "/leaf.pem", "--tls-key", dir + "/leaf.key"});
    CHECK(sandbox->base_url().rfind("https://127.0.0.1:", 0) == 0);
    HttpClient trusted(sandbox->base_url());
    trusted.set_ca(dir + "/ca.pem");
    trusted.authenticate();
    CHECK(trusted.get("/sellers/v1/marketplaceParticipations").status == 200);
    HttpClient untrusted(sandbox->base_url());
    untrusted.set_ca(dir + "/other.pem");
    CHECK(untrusted.request("GET", "/_sandbox/state").code == CURLE_PEER_FAILED_VERIFICATION);
}

TEST_CASE("sandbox: fault stall on https stalls the TLS handshake") {
    const auto dir = make_certificates();
    auto sandbox = start_sandbox({"--tls-cert", dir + "/leaf.pem", "--tls-key", dir + "/leaf.key"});
    HttpClient http(sandbox->base_url());
    http.set_ca(dir + "/ca.pem");
    http.control("faults", R"({"faults":[{"operation":"handshake","kind":"stall"}]})");
    HttpClient fresh(sandbox->base_url());
    fresh.set_ca(dir + "/ca.pem");
    CHECK(fresh.request("GET", "/_sandbox/state", "", {}, 400).code == CURLE_OPERATION_TIMEDOUT);
    HttpClient again(sandbox->base_url());
    again.set_ca(dir + "/ca.pem");
    CHECK(again.request("GET", "/_sandbox/state").status == 200);
}

TEST_CASE("sandbox: static mode answers from the models' examples and 400 when nothing matches") {
    auto sandbox = start_sandbox({"--static-examples", AMZCONN_SPAPI_MODELS});
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.get("/orders/2026-01-01/orders/"
                      "114-9876543-1234567?includedData=RECIPIENT,PROCEEDS,FULFILLMENT");
    CHECK(r.status == 200);
    CHECK(r.json().at("order").at("orderId").as_string() == "114-9876543-1234567");
    CHECK(http.get("/orders/2026-01-01/orders/114-9876543-1234567").status ==
          400); // includedData differs
    r = http.get("/orders/2026-01-01/orders?createdAfter=TEST_CASE_400");
    CHECK(r.status == 400);
    r = http.get("/orders/v0/orders/TEST_CASE_200");
    CHECK(r.status == 200);
    CHECK(r.json().at("payload").at("AmazonOrderId").is_string());
    r = http.get("/orders/v0/orders/NO-SUCH-EXAMPLE/orderItems");
    CHECK(r.status == 400);
    CHECK(r.json().at("errors").at(0).at("message").as_string() ==
          "Could not match input arguments");
    r = http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.status == 200);
    CHECK(http.request("GET", "/orders/v0/orders/TEST_CASE_200").status ==
          403); // auth still applies
}
