// retired_in_yaml: the installed config's text with `retired: true` on one store, the rest of
// the text (comments, order, other stores) as the integrator wrote it.
#include "store_retire.hpp"

#include <doctest/doctest.h>

using amzconn::Status;
using amzconn::refhost::retired_in_yaml;

TEST_CASE("reference_host: store retire marks only that store retired and keeps the rest of the "
          "config's text") {
    const std::string yaml = "# our stores\n"
                             "stores:\n"
                             "  - alias: uk1   # the first\n"
                             "    seller_id: A1\n"
                             "  - alias: de1\n"
                             "    retired: false # for now\n"
                             "    seller_id: A2\n";
    CHECK(retired_in_yaml(yaml, "uk1").value() == "# our stores\n"
                                                  "stores:\n"
                                                  "  - alias: uk1   # the first\n"
                                                  "    retired: true\n"
                                                  "    seller_id: A1\n"
                                                  "  - alias: de1\n"
                                                  "    retired: false # for now\n"
                                                  "    seller_id: A2\n");
    CHECK(retired_in_yaml(yaml, "de1").value() == "# our stores\n"
                                                  "stores:\n"
                                                  "  - alias: uk1   # the first\n"
                                                  "    seller_id: A1\n"
                                                  "  - alias: de1\n"
                                                  "    retired: true # for now\n"
                                                  "    seller_id: A2\n");
    const auto flow = retired_in_yaml("stores:\n  - {alias: fr1, seller_id: A3}\n", "fr1");
    REQUIRE(flow);
    CHECK(flow->find("retired: true") != std::string::npos);
    CHECK(retired_in_yaml(yaml, "zz9").status() == Status::not_found);
    const auto twice = retired_in_yaml(retired_in_yaml(yaml, "uk1").value(), "uk1");
    CHECK(twice.status() == Status::bad_input);
    CHECK(twice.error().message == "store 'uk1' is already retired");
}
