// The acknowledgement feed's XML and its processing report.
#include "cancellations/ack_feed.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace amzconn::cancellations;

TEST_CASE("cancellations: the feed carries one Failure message per order with reason and "
          "quantity per item") {
    const std::vector<AckMessage> messages{
        {"026-1111111-1111111", {{"111", "NoInventory", 2}, {"222", "NoInventory", 1}}},
        {"026-2222222-2222222", {{"333", "BuyerCanceled", 1}}}};
    const auto xml = build_ack_feed("A1SELLER&CO", messages);
    CHECK(xml.find("<MerchantIdentifier>A1SELLER&amp;CO</MerchantIdentifier>") !=
          std::string::npos);
    CHECK(xml.find("<MessageType>OrderAcknowledgement</MessageType>") != std::string::npos);
    CHECK(xml.find("<Message><MessageID>1</MessageID><OrderAcknowledgement><AmazonOrderID>026-"
                   "1111111-1111111</AmazonOrderID><StatusCode>Failure</StatusCode><Item>"
                   "<AmazonOrderItemCode>111</AmazonOrderItemCode><CancelReason>NoInventory"
                   "</CancelReason><Quantity>2</Quantity></Item>") != std::string::npos);
    CHECK(xml.find("<MessageID>2</MessageID><OrderAcknowledgement><AmazonOrderID>026-2222222") !=
          std::string::npos);
    CHECK(xml.find("<CancelReason>BuyerCanceled</CancelReason>") != std::string::npos);
}

TEST_CASE("cancellations: the processing report gives each message accepted or Amazon's error") {
    const std::string report =
        "<?xml version=\"1.0\"?><AmazonEnvelope><Header><DocumentVersion>1.02</DocumentVersion>"
        "</Header><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID>"
        "<ProcessingReport><DocumentTransactionID>50001</DocumentTransactionID><StatusCode>"
        "Complete</StatusCode><ProcessingSummary><MessagesProcessed>3</MessagesProcessed>"
        "<MessagesSuccessful>2</MessagesSuccessful><MessagesWithError>1</MessagesWithError>"
        "<MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary><Result><MessageID>2"
        "</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18029</ResultMessageCode>"
        "<ResultDescription>Order item 333 has nothing left to cancel (1 shipped &amp; 0 "
        "cancelled).</ResultDescription><AdditionalInfo><AmazonOrderID>026-2222222-2222222"
        "</AmazonOrderID></AdditionalInfo></Result></ProcessingReport></Message></AmazonEnvelope>";
    const auto parsed = parse_ack_report(report);
    REQUIRE(parsed);
    CHECK(parsed->processed == 3);
    CHECK(parsed->successful == 2);
    CHECK(parsed->result(1).accepted);
    CHECK(parsed->result(3).accepted);
    const auto refused = parsed->result(2);
    CHECK_FALSE(refused.accepted);
    CHECK(refused.code == "18029");
    CHECK(refused.description == "Order item 333 has nothing left to cancel (1 shipped & 0 "
                                 "cancelled).");
}

TEST_CASE("cancellations: a feed-level error refuses every message") {
    const std::string report =
        "<AmazonEnvelope><Message><ProcessingReport><ProcessingSummary><MessagesProcessed>0"
        "</MessagesProcessed></ProcessingSummary><Result><MessageID>0</MessageID><ResultCode>Error"
        "</ResultCode><ResultMessageCode>5001</ResultMessageCode><ResultDescription>XML Parsing "
        "Error</ResultDescription></Result></ProcessingReport></Message></AmazonEnvelope>";
    const auto parsed = parse_ack_report(report);
    REQUIRE(parsed);
    CHECK_FALSE(parsed->result(1).accepted);
    CHECK(parsed->result(1).description == "XML Parsing Error");
}

TEST_CASE("cancellations: a document that is not a processing report is an error") {
    CHECK_FALSE(parse_ack_report("{\"header\":{}}").ok());
    CHECK_FALSE(parse_ack_report("<AmazonEnvelope><Message><ProcessingReport><ProcessingSummary>"
                                 "</ProcessingSummary><Result><MessageID>x</MessageID><ResultCode>"
                                 "Error</ResultCode></Result></ProcessingReport></Message>"
                                 "</AmazonEnvelope>")
                    .ok());
}
