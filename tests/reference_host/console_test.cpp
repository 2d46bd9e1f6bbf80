// The admin console's building blocks without a browser: HTML escaping, the admin token and
// session sign-in, the CSRF check, form and cookie decoding, the --http address and the headers
// every answer carries. tests/console/ drives the whole console in Chromium.
#include "console/auth.hpp"
#include "console/console_server.hpp"
#include "console/html.hpp"
#include "console/http_message.hpp"
#include "console/http_server.hpp"
#include "console/schema_form.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace amzconn::refhost::console;

TEST_CASE(
    "reference_host: console html escapes every character that could end a tag or attribute") {
    CHECK(html_escape(R"(<script>alert("x")</script> & 'y')") ==
          "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    CHECK(html_escape("a\x1b[2Jb\rc\td\ne") == "a?[2Jb?c\td\ne");
    CHECK(html_escape("Grüße") == "Grüße");
    const std::string page = layout("<b>title</b>", "stores", "tok\"en", "<p>body</p>");
    CHECK(page.find("<b>title</b>") == std::string::npos);
    CHECK(page.find("&lt;b&gt;title&lt;/b&gt;") != std::string::npos);
    CHECK(page.find(R"(value="tok&quot;en")") != std::string::npos);
    CHECK(page.find("<script>") == std::string::npos); // scripts only by src (CSP: no inline)
    CHECK(alert("danger", "<i>") ==
          R"(<div class="alert alert-danger" role="alert">&lt;i&gt;</div>)");
}

TEST_CASE("reference_host: console admin token signs a session in, anything else does not") {
    const std::string token = random_token(24);
    CHECK(token.size() == 48);
    CHECK(token != random_token(24));
    ConsoleAuth auth(token);
    Session& visitor = auth.session_for(std::nullopt, 1000);
    CHECK_FALSE(visitor.signed_in);
    const std::string visitor_id = visitor.id;
    CHECK(auth.session_for(visitor_id, 2000).id == visitor_id); // the cookie finds it again
    CHECK_FALSE(auth.sign_in(visitor_id, "", 2000));
    CHECK_FALSE(auth.sign_in(visitor_id, token.substr(1), 2000));
    CHECK_FALSE(auth.sign_in(visitor_id, token + "x", 2000));
    auto signed_in = auth.sign_in(visitor_id, token, 3000);
    REQUIRE(signed_in);
    CHECK(signed_in->signed_in);
    CHECK(signed_in->id != visitor_id); // a new id: no session fixation
    CHECK(auth.session_for(signed_in->id, 4000).signed_in);
    CHECK_FALSE(auth.session_for(visitor_id, 4000).signed_in); // the old id is gone
    // 12 idle hours sign out; an unknown cookie gets a fresh signed-out session.
    CHECK_FALSE(auth.session_for(signed_in->id, 4000 + 13LL * 3600 * 1000).signed_in);
    CHECK_FALSE(auth.session_for(std::string("forged"), 5000).signed_in);
    const std::string cookie = session_cookie(*signed_in);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
}

TEST_CASE("reference_host: console CSRF check wants the session's own token") {
    ConsoleAuth auth("admin");
    const Session& one = auth.session_for(std::nullopt, 0);
    const Session& two = auth.session_for(std::nullopt, 0);
    CHECK(ConsoleAuth::csrf_ok(one, one.csrf));
    CHECK_FALSE(ConsoleAuth::csrf_ok(one, std::nullopt));
    CHECK_FALSE(ConsoleAuth::csrf_ok(one, ""));
    CHECK_FALSE(ConsoleAuth::csrf_ok(one, two.csrf));
    CHECK_FALSE(ConsoleAuth::csrf_ok(one, one.csrf.substr(0, one.csrf.size() - 1)));
    CHECK(same_secret("abc", "abc"));
    CHECK_FALSE(same_secret("", ""));
}

TEST_CASE("reference_host: console decodes forms, queries and cookies") {
    const auto form = parse_form("store=de&lead_time=4&args=a%3D1%0Ab%3Dx+y&store=other&bad=%G1");
    CHECK(form.at("store") == "de"); // the first of a repeated key
    CHECK(form.at("args") == "a=1\nb=x y");
    CHECK(form.at("bad") == "%G1");
    CHECK(cookie_value("a=1; amzconn_console=abc ; b=2", "amzconn_console") == "abc");
    CHECK_FALSE(cookie_value("a=1", "amzconn_console"));
    CHECK(query_string({{"store", "a b"}, {"level", "ERROR&x"}}) == "?store=a%20b&level=ERROR%26x");
}

TEST_CASE(
    "reference_host: console --http takes ADDRESS:PORT and every answer forbids inline script "
    "and caching") {
    CHECK(parse_listen("127.0.0.1:8080")->first == "127.0.0.1");
    CHECK(parse_listen("127.0.0.1:8080")->second == 8080);
    CHECK(parse_listen("[::1]:0")->first == "::1");
    CHECK_FALSE(parse_listen("127.0.0.1"));
    CHECK_FALSE(parse_listen("127.0.0.1:99999"));
    CHECK_FALSE(parse_listen(":80"));
    std::string csp;
    std::string cache;
    for (const auto& [name, value] : security_headers()) {
        if (name == "Content-Security-Policy") {
            csp = value;
        } else if (name == "Cache-Control") {
            cache = value;
        }
    }
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(cache == "no-store");
}

TEST_CASE("reference_host: console configuration form comes from the schema and posts back as YAML "
          "with the key paths validate uses") {
    const auto schema = boost::json::parse(R"({"type":"object","properties":{
        "stores":{"type":"array","items":{"type":"object","properties":{
            "alias":{"type":"string","description":"1 to 8 <letters>"},
            "open":{"type":"boolean"},
            "days":{"type":"integer"},
            "market":{"enum":["UK","DE"]},
            "warehouses":{"type":"array","items":{"type":"string"}},
            "tiers":{"type":"object","additionalProperties":{"type":"string"}},
            "orders":{"type":"object","properties":{"fbm":{"type":"object","properties":{
                "warehouse":{"type":"string"}}}}}}}}}})");
    const Fields empty;
    FieldErrors errors{{"stores[0].alias", {"error: too long"}}};
    std::vector<std::string> rendered;
    const auto html = schema_form_fields(schema, empty, errors, {}, rendered);
    for (const char* name :
         {"stores[0].alias", "stores[0].open", "stores[0].days", "stores[0].market",
          "stores[0].warehouses", "stores[0].tiers", "stores[0].orders.fbm.warehouse"}) {
        CHECK(html.find(std::string("name=\"") + name + "\"") != std::string::npos);
        CHECK(std::find(rendered.begin(), rendered.end(), name) != rendered.end());
    }
    CHECK(html.find("1 to 8 &lt;letters&gt;") != std::string::npos); // descriptions escaped
    CHECK(html.find("stores[0].alias: error: too long") != std::string::npos);
    CHECK(html.find(R"(aria-invalid="true")") != std::string::npos);
    CHECK(html.find(R"(<label class="form-label" for="cfg-stores-0--alias">)") !=
          std::string::npos);

    const Fields posted{{"stores[0].alias", " uk1 "},
                        {"stores[0].open", "true"},
                        {"stores[0].days", "3"},
                        {"stores[0].market", "DE"},
                        {"stores[0].warehouses", "MAIN\n\nB2"},
                        {"stores[0].tiers", "{A: x}"},
                        {"stores[0].orders.fbm.warehouse", "W\"1"}};
    CHECK(schema_form_yaml(schema, posted).value() == "stores:\n"
                                                      "  - alias: \"uk1\"\n"
                                                      "    open: true\n"
                                                      "    days: 3\n"
                                                      "    market: \"DE\"\n"
                                                      "    warehouses: [\"MAIN\", \"B2\"]\n"
                                                      "    tiers: {A: x}\n"
                                                      "    orders:\n"
                                                      "      fbm:\n"
                                                      "        warehouse: \"W\\\"1\"\n");
    CHECK(schema_form_yaml(schema, Fields{{"stores[0].days", "soon"}}).value() ==
          "stores:\n  - days: \"soon\"\n"); // validate names the wrong type at its path
    CHECK(schema_form_yaml(schema, Fields{}).value().empty());
    const auto bad = schema_form_yaml(schema, Fields{{"stores[0].tiers", "{A: [x"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.starts_with("stores[0].tiers: not YAML"));
}

TEST_CASE("reference_host: console configuration form loads a config's YAML with every store, adds "
          "one, keeps an installed alias read-only and posts every store back") {
    const auto schema = boost::json::parse(R"({"type":"object","properties":{
        "stores":{"type":"array","items":{"type":"object","properties":{
            "alias":{"type":"string"},
            "open":{"type":"boolean"},
            "warehouses":{"type":"array","items":{"type":"string"}},
            "tiers":{"type":"object","additionalProperties":{"type":"string"}},
            "crop":{"type":"object","properties":{"replace":{"type":"array","items":{
                "type":"object","properties":{"pattern":{"type":"string"}}}}}}}}}}})");
    const std::string yaml = "stores:\n"
                             "  - alias: uk1   # the first\n"
                             "    warehouses: [MAIN, B2]\n"
                             "    tiers: {UK: retail}\n"
                             "    crop: {replace: [{pattern: a}, {pattern: b}]}\n"
                             "  - {alias: de1, open: false}\n";
    auto values = schema_form_values(schema, yaml).value();
    CHECK(values["stores#items"] == "2");
    CHECK(values["stores[0].alias"] == "uk1");
    CHECK(values["stores[0].warehouses"] == "MAIN\nB2");
    CHECK(values["stores[0].tiers"] == "{UK: retail}");
    CHECK(values["stores[0].crop.replace#items"] == "2");
    CHECK(values["stores[0].crop.replace[1].pattern"] == "b");
    CHECK(values["stores[1].alias"] == "de1");
    CHECK(values["stores[1].open"] == "false");
    CHECK(schema_form_yaml(schema, values).value() == "stores:\n"
                                                      "  - alias: \"uk1\"\n"
                                                      "    warehouses: [\"MAIN\", \"B2\"]\n"
                                                      "    tiers: {UK: retail}\n"
                                                      "    crop:\n"
                                                      "      replace:\n"
                                                      "        - pattern: \"a\"\n"
                                                      "        - pattern: \"b\"\n"
                                                      "  - alias: \"de1\"\n"
                                                      "    open: false\n");

    CHECK(schema_form_add_item(values, "stores") == "stores[2]");
    CHECK(values["stores#items"] == "3");
    FormOptions options;
    options.readonly.insert("stores[0].alias");
    options.focus_under = "stores[2].";
    std::vector<std::string> rendered;
    const auto html = schema_form_fields(schema, values, {}, options, rendered);
    CHECK(html.find(R"(name="stores[0].alias" aria-describedby)") == std::string::npos);
    CHECK(html.find(R"(name="stores[0].alias"  readonly value="uk1")") != std::string::npos);
    CHECK(html.find(R"(name="stores[1].alias"  value="de1")") != std::string::npos);
    CHECK(html.find(R"(name="stores[2].alias"  autofocus value="")") != std::string::npos);
    CHECK(html.find(R"(name="stores#items" value="3")") != std::string::npos);
    CHECK(html.find(R"(value="add:stores")") != std::string::npos);
    CHECK(html.find("Add a store") != std::string::npos);
    // An added store left empty stays in its place, so validate's paths keep their field.
    CHECK(schema_form_yaml(schema, values).value().ends_with("    open: false\n  - {}\n"));
}
