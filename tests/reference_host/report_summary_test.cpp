// The human form of job reports and failures printed by `run` and `check`.
#include "report_summary.hpp"
#include "secret_refs.hpp"

#include <doctest/doctest.h>

using namespace amzconn::refhost;

TEST_CASE(
    "reference_host: a report summary is one line per report, then messages and the job's own "
    "fields, every line escaped") {
    const std::string report =
        R"({"job":"explain_stock","store":"uk1","status":"ok","started_at":"x","finished_at":"y",)"
        R"("counts":{"sent":2,"failed":0},"messages":["note\r\nFORGED"],"retry_after_s":300,)"
        R"("sku":"MUG","explanation":"line one\nline two \u001b[2J"})";
    CHECK(summarize_report(report) == "explain_stock uk1: ok, sent=2 failed=0; run again in 300s\n"
                                      "  note\\r\\nFORGED\n"
                                      "  sku: MUG\n"
                                      "  explanation:\n    line one\n    line two \\x1b[2J\n");
    CHECK(summarize_report(
              R"([{"job":"a","status":"ok"},{"job":"a","store":"de1","status":"failed"}])") ==
          "a: ok\na de1: failed\n");
    CHECK(summarize_report(R"({"accepted":true})") == "{\n  \"accepted\": true\n}\n");
    // `run JOB` without --store: one line per store, not the JSON envelope.
    CHECK(summarize_report(R"({"job":"import_orders","reports":[)"
                           R"({"job":"import_orders","store":"uk1","status":"ok",)"
                           R"("counts":{"imported":3}},{"job":"import_orders","store":"de1",)"
                           R"("status":"store_closed","counts":{}}]})") ==
          "import_orders uk1: ok, imported=3\nimport_orders de1: store_closed\n");
    CHECK(summarize_report(R"({"job":"import_orders","reports":[]})") ==
          "import_orders: no store to run it for\n");
}

TEST_CASE("reference_host: a failure naming missing host secrets says `secret set NAME` for each") {
    const std::string message =
        "stores.uk1.credentials: ${secret:client_id}: the host secret store has no such secret; "
        "add it there; ${env:X}: environment variable is not set; ${secret:uk1-token}: the host "
        "secret store has no such secret; add it there";
    CHECK(amzconn::refhost::secret_set_hint(message) ==
          ": run `amzconn-host secret set client_id`, `amzconn-host secret set uk1-token` (each "
          "value is read from stdin)");
    CHECK(amzconn::refhost::secret_set_hint("connected").empty());
}
