// The human form of job reports printed by `run`.
#include "report_summary.hpp"

#include <doctest/doctest.h>

using namespace amzconn::refhost;

TEST_CASE("refhost: a report summary is one line per report, then messages and the job's own "
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
}
