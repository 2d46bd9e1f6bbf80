#include "cancellations/ack_feed.hpp"

#include <charconv>
#include <optional>

namespace amzconn::cancellations {

namespace {

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
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string unescape(std::string_view text) {
    static constexpr std::pair<std::string_view, char> k_entities[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
    std::string out;
    for (size_t i = 0; i < text.size();) {
        bool replaced = false;
        for (const auto& [entity, c] : k_entities) {
            if (text.substr(i, entity.size()) == entity) {
                out.push_back(c);
                i += entity.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            out.push_back(text[i++]);
        }
    }
    const auto first = out.find_first_not_of(" \t\r\n");
    const auto last = out.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

// The text of the first <tag>...</tag> in `block` (the report has no attributes on these).
std::optional<std::string> element(std::string_view block, std::string_view tag) {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    const auto start = block.find(open);
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const auto end = block.find(close, start + open.size());
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    return unescape(block.substr(start + open.size(), end - start - open.size()));
}

std::optional<int64_t> number(const std::optional<std::string>& text) {
    int64_t out = 0;
    if (!text || text->empty()) {
        return std::nullopt;
    }
    const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
    if (ec != std::errc{} || ptr != text->data() + text->size()) {
        return std::nullopt;
    }
    return out;
}

void add_message(std::string& out, int64_t id, const AckMessage& m) {
    out += "<Message><MessageID>" + std::to_string(id) +
           "</MessageID><OrderAcknowledgement><AmazonOrderID>" + escape(m.amazon_order_id) +
           "</AmazonOrderID><StatusCode>Failure</StatusCode>";
    for (const auto& item : m.items) {
        out += "<Item><AmazonOrderItemCode>" + escape(item.order_item_id) +
               "</AmazonOrderItemCode><CancelReason>" + escape(item.reason) + "</CancelReason>";
        out += "<Quantity>" + std::to_string(item.quantity) + "</Quantity></Item>";
    }
    out += "</OrderAcknowledgement></Message>\n";
}

// One <Result>: an Error is recorded by MessageID (0: the whole feed).
Outcome read_result(std::string_view block, AckReport& report) {
    const auto code = element(block, "ResultCode").value_or("");
    if (code != "Error") {
        return {}; // Warning: the message was applied
    }
    const auto id = number(element(block, "MessageID"));
    if (!id) {
        return Error{Status::bad_input, "a processing report Result has no numeric MessageID"};
    }
    const auto description = element(block, "ResultDescription").value_or("(no description)");
    if (*id == 0) {
        report.feed_error += (report.feed_error.empty() ? "" : "; ") + description;
        return {};
    }
    auto& result = report.errors[*id];
    if (result.accepted) {
        result.accepted = false;
        result.code = element(block, "ResultMessageCode").value_or("");
    } else {
        result.description += "; ";
    }
    result.description += description;
    return {};
}

} // namespace

std::string build_ack_feed(std::string_view merchant_id, std::span<const AckMessage> messages) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<AmazonEnvelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                      "xsi:noNamespaceSchemaLocation=\"amzn-envelope.xsd\">\n<Header>"
                      "<DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>";
    out += escape(merchant_id);
    out += "</MerchantIdentifier></Header>\n<MessageType>OrderAcknowledgement</MessageType>\n";
    int64_t id = 0;
    for (const auto& message : messages) {
        add_message(out, ++id, message);
    }
    out += "</AmazonEnvelope>\n";
    return out;
}

AckResult AckReport::result(int64_t message_id) const {
    if (!feed_error.empty()) {
        return {false, "feed", feed_error};
    }
    const auto it = errors.find(message_id);
    return it == errors.end() ? AckResult{} : it->second;
}

Result<AckReport> parse_ack_report(std::string_view xml) {
    const auto summary = element(xml, "ProcessingSummary");
    if (xml.find("<ProcessingReport>") == std::string_view::npos || !summary) {
        return Error{Status::bad_input,
                     "the acknowledgement feed's processing report has no ProcessingReport with "
                     "a ProcessingSummary"};
    }
    AckReport report;
    report.processed = number(element(xml, "MessagesProcessed")).value_or(0);
    report.successful = number(element(xml, "MessagesSuccessful")).value_or(0);
    report.with_error = number(element(xml, "MessagesWithError")).value_or(0);
    for (size_t at = xml.find("<Result>"); at != std::string_view::npos;
         at = xml.find("<Result>", at + 1)) {
        const auto end = xml.find("</Result>", at);
        if (end == std::string_view::npos) {
            return Error{Status::bad_input, "the processing report has an unclosed Result"};
        }
        TRY(read_result(xml.substr(at, end - at), report));
    }
    return report;
}

} // namespace amzconn::cancellations
