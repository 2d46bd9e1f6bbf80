// Feeds and Reports (2021-06-30): create a feed document, upload it to the pre-signed URL,
// create and poll the feed; create and poll a report; download either document (gunzipped).
#pragma once

#include "base/time.hpp"
#include "client.hpp"
#include "tsv.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::spapi::documents {

struct FeedDocumentTarget {
    std::string feed_document_id;
    std::string url; // pre-signed upload URL, valid 5 minutes
};

struct Feed {
    std::string feed_id;
    std::string feed_type;
    std::vector<std::string> marketplace_ids;
    time::Timestamp created_time;
    std::string processing_status; // IN_QUEUE, IN_PROGRESS, DONE, CANCELLED, FATAL
    std::optional<time::Timestamp> processing_start_time, processing_end_time;
    std::optional<std::string> result_feed_document_id;
    bool terminal() const;
};

struct DocumentLocation {
    std::string document_id;
    std::string url;
    std::optional<std::string> compression_algorithm; // GZIP
};

struct Report {
    std::string report_id;
    std::string report_type;
    std::vector<std::string> marketplace_ids;
    time::Timestamp created_time;
    std::string processing_status;
    std::optional<time::Timestamp> data_start_time, data_end_time;
    std::optional<std::string> report_document_id;
    bool terminal() const;
};

ApiResult<FeedDocumentTarget> create_feed_document(SpApiClient& client,
                                                   const std::string& content_type);
// PUT to the pre-signed URL with exactly the content type given to createFeedDocument.
ApiResult<void> upload_feed_document(SpApiClient& client, const FeedDocumentTarget& target,
                                     const std::string& content_type, std::string content);

// createFeed is not idempotent: after an ambiguous failure (error().ambiguous) list the recent
// feeds (getFeeds) before creating it again.
ApiResult<std::string> create_feed(SpApiClient& client, const std::string& feed_type,
                                   const std::vector<std::string>& marketplace_ids,
                                   const std::string& input_feed_document_id,
                                   const std::map<std::string, std::string>& feed_options = {});
ApiResult<Feed> get_feed(SpApiClient& client, const std::string& feed_id);

struct FeedsQuery {
    std::vector<std::string> feed_types;      // 1 to 10
    std::vector<std::string> marketplace_ids; // 0 to 10
    std::optional<time::Timestamp> created_since;
    int max_pages = 20; // 100 feeds a page
};
// getFeeds, every page (nextToken) up to max_pages. Feeds outside the marketplaces or created
// before created_since are left out here too, whether or not the server applied the filters.
ApiResult<std::vector<Feed>> get_feeds(SpApiClient& client, const FeedsQuery& query);
ApiResult<DocumentLocation> get_feed_document(SpApiClient& client, const std::string& document_id);

struct CreateReportRequest {
    std::string report_type;
    std::vector<std::string> marketplace_ids;
    std::optional<time::Timestamp> data_start_time, data_end_time;
    std::map<std::string, std::string> report_options;
};
ApiResult<std::string> create_report(SpApiClient& client, const CreateReportRequest& request);
ApiResult<Report> get_report(SpApiClient& client, const std::string& report_id);
ApiResult<DocumentLocation> get_report_document(SpApiClient& client,
                                                const std::string& document_id);

// Downloads the document and gunzips it when compression_algorithm is GZIP.
ApiResult<std::string> download_document(SpApiClient& client, const DocumentLocation& location);

// Download + tab-separated parsing.
ApiResult<TsvTable> download_tsv_report(SpApiClient& client, const DocumentLocation& location);

// Parsers (exposed for the static-example tests).
ApiResult<FeedDocumentTarget> parse_create_feed_document(std::string_view body,
                                                         std::string_view rid);
ApiResult<std::string> parse_create_feed(std::string_view body, std::string_view rid);
ApiResult<Feed> parse_feed(std::string_view body, std::string_view rid);
struct FeedsPage {
    std::vector<Feed> feeds;
    std::optional<std::string> next_token;
};
ApiResult<FeedsPage> parse_feeds(std::string_view body, std::string_view rid);
ApiResult<DocumentLocation> parse_document(std::string_view body, std::string_view rid,
                                           std::string_view id_field);
ApiResult<std::string> parse_create_report(std::string_view body, std::string_view rid);
ApiResult<Report> parse_report(std::string_view body, std::string_view rid);

} // namespace amzconn::spapi::documents
