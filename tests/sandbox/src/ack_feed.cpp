// POST_ORDER_ACKNOWLEDGEMENT_DATA: the XML read with pugixml and checked message by message
// against OrderAcknowledgement.xsd's shape (AmazonOrderID, MerchantOrderID?, StatusCode,
// Item*{AmazonOrderItemCode, MerchantOrderItemID?, CancelReason?, Quantity?}); StatusCode=Failure
// cancels the listed items (each Quantity, else all its unshipped units) or the whole order. The
// XML processing report names every message that failed.
#include "sandbox.hpp"

#include <array>
#include <charconv>
#include <pugixml.hpp>
#include <set>

namespace amzconn::sandbox {

namespace {

constexpr std::array<std::string_view, 10> k_cancel_reasons = {"NoInventory",
                                                               "ShippingAddressUndeliverable",
                                                               "CustomerExchange",
                                                               "BuyerCanceled",
                                                               "GeneralAdjustment",
                                                               "CarrierCreditDecision",
                                                               "RiskAssessmentInformationNotValid",
                                                               "CarrierCoverageFailure",
                                                               "CustomerReturn",
                                                               "MerchandiseNotReceived"};

// A message's failure: Amazon's result code and description.
struct Rejection {
    std::string code;
    std::string description;
};

struct AckMessage {
    std::string message_id;
    std::string order_id;
    std::string status;
    std::vector<CancelLine> lines;
};

std::string escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string trimmed(const pugi::xml_node& node) {
    std::string v = node.text().as_string();
    const auto first = v.find_first_not_of(" \t\r\n");
    const auto last = v.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
}

// "Line L, Column C" of a byte offset, as Amazon's XML errors say.
std::string line_column(std::string_view text, std::ptrdiff_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    const auto end =
        std::min(text.size(), static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, offset)));
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "Line " + std::to_string(line) + ", Column " + std::to_string(column);
}

std::string where(const pugi::xml_node& node, std::string_view text) {
    return "XML Parsing Error at " + line_column(text, node.offset_debug()) + ": ";
}

bool positive_integer(const std::string& text, std::int64_t& out) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size() && out > 0;
}

// Children must be among `allowed`, in that order, each at most once unless `repeated`.
std::optional<Rejection> check_children(const pugi::xml_node& parent,
                                        std::initializer_list<std::string_view> allowed,
                                        std::string_view repeated, std::string_view text) {
    auto next = allowed.begin();
    for (const auto& child : parent.children()) {
        if (child.type() != pugi::node_element) {
            continue;
        }
        auto it = std::find(next, allowed.end(), std::string_view(child.name()));
        if (it == allowed.end()) {
            return Rejection{"5001", where(child, text) +
                                         "cvc-complex-type.2.4.a: Invalid content was found "
                                         "starting with element '" +
                                         child.name() + "' in " + parent.name() + "."};
        }
        next = *it == repeated ? it : it + 1;
    }
    return std::nullopt;
}

std::optional<Rejection> read_item(const pugi::xml_node& item, std::string_view text,
                                   AckMessage& out) {
    if (auto bad = check_children(
            item, {"AmazonOrderItemCode", "MerchantOrderItemID", "CancelReason", "Quantity"}, "",
            text)) {
        return bad;
    }
    CancelLine line;
    line.item_id = trimmed(item.child("AmazonOrderItemCode"));
    if (line.item_id.empty()) {
        return Rejection{"5001", where(item, text) + "Item needs an AmazonOrderItemCode."};
    }
    line.reason = trimmed(item.child("CancelReason"));
    if (item.child("CancelReason") && std::find(k_cancel_reasons.begin(), k_cancel_reasons.end(),
                                                line.reason) == k_cancel_reasons.end()) {
        return Rejection{"5001", where(item.child("CancelReason"), text) +
                                     "cvc-enumeration-valid: Value '" + line.reason +
                                     "' is not facet-valid with respect to the CancelReason "
                                     "enumeration (NoInventory, ShippingAddressUndeliverable, "
                                     "CustomerExchange, BuyerCanceled, GeneralAdjustment, "
                                     "CarrierCreditDecision, RiskAssessmentInformationNotValid, "
                                     "CarrierCoverageFailure, CustomerReturn, "
                                     "MerchandiseNotReceived)."};
    }
    if (const auto q = item.child("Quantity")) {
        if (!positive_integer(trimmed(q), line.quantity)) {
            return Rejection{"5001", where(q, text) + "Quantity '" + trimmed(q) +
                                         "' is not a positive integer."};
        }
    }
    out.lines.push_back(std::move(line));
    return std::nullopt;
}

std::optional<Rejection> read_message(const pugi::xml_node& message, std::string_view text,
                                      AckMessage& out) {
    if (auto bad = check_children(message, {"MessageID", "OperationType", "OrderAcknowledgement"},
                                  "", text)) {
        return bad;
    }
    std::int64_t number = 0;
    if (!positive_integer(out.message_id, number)) {
        return Rejection{"5001", where(message, text) + "MessageID must be a positive integer."};
    }
    const auto ack = message.child("OrderAcknowledgement");
    if (!ack) {
        return Rejection{"5001", where(message, text) + "Message needs an OrderAcknowledgement."};
    }
    if (auto bad = check_children(ack, {"AmazonOrderID", "MerchantOrderID", "StatusCode", "Item"},
                                  "Item", text)) {
        return bad;
    }
    out.order_id = trimmed(ack.child("AmazonOrderID"));
    out.status = trimmed(ack.child("StatusCode"));
    if (out.order_id.empty() || (out.status != "Success" && out.status != "Failure")) {
        return Rejection{"5001", where(ack, text) +
                                     "OrderAcknowledgement needs an AmazonOrderID and a "
                                     "StatusCode of Success or Failure."};
    }
    for (const auto& item : ack.children("Item")) {
        if (auto bad = read_item(item, text, out)) {
            return bad;
        }
    }
    for (const auto& line : out.lines) {
        if (out.status == "Failure" && line.reason.empty()) {
            return Rejection{"18029", "Item " + line.item_id +
                                          " needs a CancelReason when StatusCode is Failure."};
        }
    }
    return std::nullopt;
}

class ProcessingReport {
  public:
    void error(const std::string& message_id, const std::string& order_id, const Rejection& r) {
        m_results += "<Result><MessageID>" + escape(message_id) +
                     "</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>" + r.code +
                     "</ResultMessageCode><ResultDescription>" + escape(r.description) +
                     "</ResultDescription>";
        if (!order_id.empty()) {
            m_results += "<AdditionalInfo><AmazonOrderID>" + escape(order_id) + "</AmazonOrderID>";
            m_results += "</AdditionalInfo>";
        }
        m_results += "</Result>";
        ++m_errors;
    }
    void processed() { ++m_processed; }
    void succeeded() { ++m_successful; }
    std::string render(const std::string& seller, const std::string& feed_id) const {
        // Appended piece by piece: long literal + string chains trip GCC 12's -Wrestrict at -O2.
        std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AmazonEnvelope "
                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                          "xsi:noNamespaceSchemaLocation=\"amzn-envelope.xsd\"><Header>"
                          "<DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>";
        out += seller;
        out += "</MerchantIdentifier></Header><MessageType>ProcessingReport</MessageType>"
               "<Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>";
        out += feed_id;
        out += "</DocumentTransactionID><StatusCode>Complete</StatusCode><ProcessingSummary>"
               "<MessagesProcessed>";
        out += std::to_string(m_processed);
        out += "</MessagesProcessed><MessagesSuccessful>";
        out += std::to_string(m_successful);
        out += "</MessagesSuccessful><MessagesWithError>";
        out += std::to_string(m_errors);
        out += "</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning>"
               "</ProcessingSummary>";
        out += m_results;
        out += "</ProcessingReport></Message></AmazonEnvelope>\n";
        return out;
    }

  private:
    std::string m_results;
    std::int64_t m_processed = 0;
    std::int64_t m_successful = 0;
    std::int64_t m_errors = 0;
};

// The envelope itself: well-formed, an AmazonEnvelope of MessageType OrderAcknowledgement.
std::optional<Rejection> check_envelope(const pugi::xml_parse_result& parsed,
                                        const pugi::xml_document& doc, std::string_view text) {
    if (!parsed) {
        return Rejection{"5000", "XML Parsing Fatal Error at " + line_column(text, parsed.offset) +
                                     ": " + parsed.description()};
    }
    const auto root = doc.document_element();
    if (std::string_view(root.name()) != "AmazonEnvelope") {
        return Rejection{"5001", where(root, text) + "The root element must be AmazonEnvelope."};
    }
    if (trimmed(root.child("MessageType")) != "OrderAcknowledgement") {
        return Rejection{"5001", where(root, text) + "MessageType must be OrderAcknowledgement "
                                                     "for POST_ORDER_ACKNOWLEDGEMENT_DATA."};
    }
    if (!root.child("Message")) {
        return Rejection{"5001", where(root, text) + "The envelope has no Message."};
    }
    return std::nullopt;
}

} // namespace

std::string Sandbox::process_acknowledgement_feed(const Job& feed, const std::string& text,
                                                  Millis now) {
    ProcessingReport report;
    pugi::xml_document doc;
    const auto parsed = doc.load_buffer(text.data(), text.size());
    if (const auto bad = check_envelope(parsed, doc, text)) {
        report.error("0", "", *bad);
        return report.render(m_seller_id, feed.id);
    }
    std::set<std::string> seen;
    for (const auto& node : doc.document_element().children("Message")) {
        AckMessage message;
        message.message_id = trimmed(node.child("MessageID"));
        report.processed();
        if (auto bad = read_message(node, text, message)) {
            report.error(message.message_id, message.order_id, *bad);
            continue;
        }
        if (!seen.insert(message.message_id).second) {
            report.error(message.message_id, message.order_id,
                         {"5001", "MessageID " + message.message_id +
                                      " is used by an earlier message; MessageIDs must be unique "
                                      "within a feed."});
            continue;
        }
        if (message.status == "Success") {
            if (m_order_index.count(message.order_id) == 0) {
                report.error(message.message_id, message.order_id,
                             {"18028", "Order " + message.order_id + " was not found."});
                continue;
            }
        } else if (auto done = cancel_order_items(message.order_id, message.lines, now); !done) {
            const auto code = done.error().status == Status::not_found ? "18028" : "18029";
            report.error(message.message_id, message.order_id, {code, done.error().message});
            continue;
        }
        report.succeeded();
    }
    return report.render(m_seller_id, feed.id);
}

} // namespace amzconn::sandbox
