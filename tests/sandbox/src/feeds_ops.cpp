// Feeds 2021-06-30 (documents with content-type-checked uploads, createFeed/getFeed(s)/cancelFeed),
// the feed and report lifecycle on the sandbox clock, and the served /_documents/ files.
#include "gzip.hpp"
#include "sandbox.hpp"

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

constexpr Millis k_queue_time = 1 * k_second;
constexpr Millis k_process_time = 2 * k_second;

std::string last_segment(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

json::object feed_json(const Job& f) {
    json::object o;
    o["feedId"] = f.id;
    o["feedType"] = f.type;
    o["marketplaceIds"] = f.marketplace_ids;
    o["createdTime"] = format_rfc3339(f.created);
    o["processingStatus"] = f.status;
    if (f.status != "IN_QUEUE") {
        o["processingStartTime"] = format_rfc3339(f.start);
    }
    if (f.status == "DONE" || f.status == "FATAL" || f.status == "CANCELLED") {
        o["processingEndTime"] = format_rfc3339(f.status == "CANCELLED" ? f.created : f.end);
    }
    if (!f.result_document_id.empty()) {
        o["resultFeedDocumentId"] = f.result_document_id;
    }
    return o;
}

bool is_legacy_feed(std::string_view type) {
    for (const auto* t :
         {"POST_PRODUCT_DATA", "POST_INVENTORY_AVAILABILITY_DATA", "POST_PRODUCT_OVERRIDES_DATA",
          "POST_PRODUCT_PRICING_DATA", "POST_PRODUCT_IMAGE_DATA", "POST_PRODUCT_RELATIONSHIP_DATA",
          "POST_FLAT_FILE_INVLOADER_DATA", "POST_FLAT_FILE_BOOKLOADER_DATA",
          "POST_FLAT_FILE_CONVERGENCE_LISTINGS_DATA", "POST_FLAT_FILE_LISTINGS_DATA",
          "POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA", "POST_UIEE_BOOKLOADER_DATA"}) {
        if (type == t) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string Sandbox::document_url(const std::string& id) const {
    return m_base_url + "/_documents/" + id;
}

std::string Sandbox::store_document(std::string data, std::string content_type, bool gzip) {
    Document doc;
    doc.id = next_id("amzn1.tortuga.sandbox.");
    doc.content_type = std::move(content_type);
    doc.gzip = gzip;
    doc.data = gzip ? gzip_compress(data) : std::move(data);
    doc.uploaded = true;
    const auto id = doc.id;
    m_documents[id] = std::move(doc);
    return id;
}

Response Sandbox::handle_documents(const Request& request) {
    const auto id = last_segment(request.path);
    const auto it = m_documents.find(id);
    if (it == m_documents.end()) {
        Response r;
        r.status = 404;
        r.content_type = "application/xml";
        r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                 "<Message>The specified key does not exist.</Message></Error>";
        return r;
    }
    auto& doc = it->second;
    if (request.method == "PUT") {
        if (request.header("content-type") != doc.content_type) {
            Response r;
            r.status = 403;
            r.content_type = "application/xml";
            r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                     "SignatureDoesNotMatch</Code><Message>The request signature we calculated "
                     "does not match the signature you provided. The Content-Type must be "
                     "exactly the contentType given to createFeedDocument.</Message></Error>";
            return r;
        }
        doc.data = request.body;
        doc.uploaded = true;
        Response r;
        r.content_type.clear();
        return r;
    }
    if (request.method != "GET") {
        return error_response(405, "MethodNotAllowed", "Use GET or PUT on documents.");
    }
    Response r;
    r.content_type = doc.content_type.empty() ? "application/octet-stream" : doc.content_type;
    r.body = doc.data;
    return r;
}

Response Sandbox::handle_feeds(const Request& request, const std::string& op) {
    const Millis now = m_clock.now();
    if (op == "createFeedDocument") {
        boost::system::error_code ec;
        const auto body = json::parse(request.body, ec);
        const auto* ct =
            !ec && body.is_object() ? body.as_object().if_contains("contentType") : nullptr;
        if (ct == nullptr || !ct->is_string() || ct->as_string().empty()) {
            return invalid_input("contentType is required.",
                                 "Send {\"contentType\": \"application/json; charset=UTF-8\"}.");
        }
        Document doc;
        doc.id = next_id("amzn1.tortuga.sandbox.feed.");
        doc.content_type = std::string(ct->as_string());
        const auto id = doc.id;
        m_documents[id] = std::move(doc);
        Response r;
        r.status = 201;
        r.body = json::serialize(
            json::object{{"feedDocumentId", id}, {"url", m_base_url + "/_documents/upload/" + id}});
        return r;
    }
    if (op == "getFeedDocument") {
        const auto id = last_segment(request.path);
        const auto it = m_documents.find(id);
        if (it == m_documents.end()) {
            return error_response(404, "NotFound", "Feed document " + id + " was not found.");
        }
        json::object o{{"feedDocumentId", id}, {"url", document_url(id)}};
        if (it->second.gzip) {
            o["compressionAlgorithm"] = "GZIP";
        }
        Response r;
        r.body = json::serialize(o);
        return r;
    }
    if (op == "createFeed") {
        boost::system::error_code ec;
        const auto body = json::parse(request.body, ec);
        if (ec || !body.is_object()) {
            return invalid_input("The request body must be a CreateFeedSpecification JSON object.");
        }
        const auto& o = body.as_object();
        const auto* type = o.if_contains("feedType");
        const auto* markets = o.if_contains("marketplaceIds");
        const auto* input = o.if_contains("inputFeedDocumentId");
        if (type == nullptr || !type->is_string() || type->as_string().empty()) {
            return invalid_input("feedType is required.");
        }
        if (markets == nullptr || !markets->is_array() || markets->as_array().empty() ||
            markets->as_array().size() > 25) {
            return invalid_input("marketplaceIds must list 1 to 25 marketplace ids.");
        }
        for (const auto& m : markets->as_array()) {
            if (!m.is_string() || std::find(m_marketplaces.begin(), m_marketplaces.end(),
                                            m.as_string()) == m_marketplaces.end()) {
                return invalid_input("Invalid marketplaceId " + json::serialize(m) + ".");
            }
        }
        if (input == nullptr || !input->is_string()) {
            return invalid_input("inputFeedDocumentId is required.");
        }
        const auto doc = m_documents.find(std::string(input->as_string()));
        if (doc == m_documents.end() || !doc->second.uploaded) {
            return invalid_input("inputFeedDocumentId " + std::string(input->as_string()) +
                                     " is unknown or was never uploaded.",
                                 "Upload the document to the url from createFeedDocument first.");
        }
        if (type->as_string() == "JSON_LISTINGS_FEED" &&
            !m_plans.try_acquire("createFeed:JSON_LISTINGS_FEED", now)) {
            ++m_throttled["createFeed"];
            return error_response(429, "QuotaExceeded",
                                  "You exceeded your quota for the requested resource.",
                                  "JSON_LISTINGS_FEED allows 5 submissions per 5 minutes.");
        }
        Job feed;
        feed.id = next_id("5000");
        feed.type = std::string(type->as_string());
        feed.marketplace_ids = markets->as_array();
        feed.input_document_id = doc->first;
        feed.created = now;
        feed.start = now + k_queue_time;
        feed.end = now + k_process_time;
        const auto id = feed.id;
        m_feeds.push_back(std::move(feed));
        Response r;
        r.status = 202;
        r.body = json::serialize(json::object{{"feedId", id}});
        return r;
    }
    if (op == "getFeeds") {
        const auto types = request.params("feedTypes");
        const auto statuses = request.params("processingStatuses");
        if (types.empty() && !request.has("nextToken")) {
            return invalid_input("feedTypes is required unless nextToken is given.");
        }
        json::array feeds;
        for (const auto& f : m_feeds) {
            if ((types.empty() || std::find(types.begin(), types.end(), f.type) != types.end()) &&
                (statuses.empty() ||
                 std::find(statuses.begin(), statuses.end(), f.status) != statuses.end())) {
                feeds.push_back(feed_json(f));
            }
        }
        Response r;
        r.body = json::serialize(json::object{{"feeds", std::move(feeds)}});
        return r;
    }
    const auto id = last_segment(request.path);
    auto it =
        std::find_if(m_feeds.begin(), m_feeds.end(), [&](const Job& f) { return f.id == id; });
    if (it == m_feeds.end()) {
        return error_response(404, "NotFound", "Feed " + id + " was not found.");
    }
    if (op == "cancelFeed") {
        if (it->status != "IN_QUEUE") {
            return invalid_input("Only feeds IN_QUEUE can be cancelled; this one is " + it->status +
                                 ".");
        }
        it->status = "CANCELLED";
        Response r;
        r.body.clear();
        r.content_type.clear();
        return r;
    }
    Response r;
    r.body = json::serialize(feed_json(*it));
    return r;
}

void Sandbox::advance_jobs(Millis now) {
    for (auto& feed : m_feeds) {
        if (feed.status == "IN_QUEUE" && now >= feed.start) {
            feed.status = "IN_PROGRESS";
        }
        if (feed.status == "IN_PROGRESS" && now >= feed.end) {
            process_feed(feed, feed.end);
        }
    }
    for (auto& report : m_reports) {
        if (report.status == "IN_QUEUE" && now >= report.start) {
            report.status = "IN_PROGRESS";
        }
        if (report.status == "IN_PROGRESS" && now >= report.end) {
            process_report(report, report.end);
        }
    }
}

void Sandbox::process_feed(Job& feed, Millis now) {
    const auto& input = m_documents[feed.input_document_id];
    std::string text = input.data;
    if (auto inflated = gzip_decompress(text)) {
        text = std::move(*inflated);
    }
    if (feed.type == "JSON_LISTINGS_FEED") {
        feed.report = process_listings_feed(feed, text, now);
        const auto& summary = feed.report.as_object().at("summary").as_object();
        const bool fatal = summary.at("messagesProcessed").to_number<std::int64_t>() == 0 &&
                           summary.at("errors").to_number<std::int64_t>() > 0;
        feed.result_document_id =
            store_document(json::serialize(feed.report), "application/json", true);
        feed.status = fatal ? "FATAL" : "DONE";
    } else if (feed.type == "POST_ORDER_ACKNOWLEDGEMENT_DATA") {
        const auto xml = process_acknowledgement_feed(feed, text, now);
        feed.report = json::string(xml);
        feed.result_document_id = store_document(xml, "text/xml; charset=UTF-8", true);
        feed.status = "DONE";
    } else {
        const std::string why =
            is_legacy_feed(feed.type)
                ? "Feed type " + feed.type + " was retired on 2025-07-31; use JSON_LISTINGS_FEED."
                : "Feed type " + feed.type + " is not supported by the sandbox.";
        feed.report = json::string(why);
        feed.result_document_id = store_document(why, "text/plain; charset=UTF-8", true);
        feed.status = "FATAL";
    }
    feed.applied = true;
}

} // namespace amzconn::sandbox
