#include "documents_api.hpp"

#include "gzip.hpp"
#include "json_reader.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

namespace amzconn::spapi::documents {

namespace bj = boost::json;

namespace {

template <typename T>
ApiResult<T> with_root(std::string_view body, std::string_view rid,
                       const std::function<std::optional<T>(JsonReader&, const bj::object&)>& fn) {
    TRY_ASSIGN(auto doc, parse_json_body(body, rid));
    JsonReader r{std::string(rid)};
    const bj::object* root = r.object(doc, "");
    if (root == nullptr) {
        return r.error();
    }
    auto out = fn(r, *root);
    if (!r.ok() || !out) {
        return r.error();
    }
    return std::move(*out);
}

ApiError call_error(std::string op, std::string message) {
    ApiError e;
    e.kind = ErrorKind::permanent;
    e.operation = std::move(op);
    e.message = std::move(message);
    return e;
}

bj::array to_array(const std::vector<std::string>& v) {
    bj::array a;
    for (const auto& s : v) {
        a.emplace_back(s);
    }
    return a;
}

bool is_terminal(const std::string& s) {
    return s == "DONE" || s == "CANCELLED" || s == "FATAL";
}

constexpr size_t k_id = 256;

} // namespace

bool Feed::terminal() const {
    return is_terminal(processing_status);
}
bool Report::terminal() const {
    return is_terminal(processing_status);
}

ApiResult<FeedDocumentTarget> parse_create_feed_document(std::string_view body,
                                                         std::string_view rid) {
    return with_root<FeedDocumentTarget>(body, rid, [](JsonReader& r, const bj::object& o) {
        FeedDocumentTarget t;
        t.feed_document_id = r.string(o, "feedDocumentId", "", true, k_id).value_or("");
        t.url = r.string(o, "url", "", true, 8192).value_or("");
        return std::optional<FeedDocumentTarget>(t);
    });
}

ApiResult<std::string> parse_create_feed(std::string_view body, std::string_view rid) {
    return with_root<std::string>(body, rid, [](JsonReader& r, const bj::object& o) {
        return r.string(o, "feedId", "", true, k_id);
    });
}

ApiResult<Feed> parse_feed(std::string_view body, std::string_view rid) {
    return with_root<Feed>(body, rid, [](JsonReader& r, const bj::object& o) {
        Feed f;
        f.feed_id = r.string(o, "feedId", "", true, k_id).value_or("");
        f.feed_type = r.string(o, "feedType", "", true, k_id).value_or("");
        f.marketplace_ids = r.string_list(o, "marketplaceIds", "");
        if (auto t = r.timestamp(o, "createdTime", "", true)) {
            f.created_time = *t;
        }
        f.processing_status =
            r.enumeration(o, "processingStatus", "", true,
                          {"CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE"})
                .value_or("");
        f.processing_start_time = r.timestamp(o, "processingStartTime", "", false);
        f.processing_end_time = r.timestamp(o, "processingEndTime", "", false);
        f.result_feed_document_id = r.string(o, "resultFeedDocumentId", "", false, k_id);
        return std::optional<Feed>(f);
    });
}

ApiResult<FeedsPage> parse_feeds(std::string_view body, std::string_view rid) {
    return with_root<FeedsPage>(body, rid, [&](JsonReader& r, const bj::object& o) {
        FeedsPage page;
        if (const bj::array* list = r.array(o, "feeds", "", true)) {
            for (const auto& item : *list) {
                // Each entry is a Feed exactly as getFeed answers it.
                auto feed = parse_feed(bj::serialize(item), rid);
                if (!feed) {
                    r.fail("feeds[]", feed.error().message);
                    return std::optional<FeedsPage>();
                }
                page.feeds.push_back(std::move(*feed));
            }
        }
        page.next_token = r.string(o, "nextToken", "", false, 8192);
        return std::optional<FeedsPage>(std::move(page));
    });
}

ApiResult<DocumentLocation> parse_document(std::string_view body, std::string_view rid,
                                           std::string_view id_field) {
    return with_root<DocumentLocation>(body, rid, [&](JsonReader& r, const bj::object& o) {
        DocumentLocation d;
        d.document_id = r.string(o, id_field, "", true, k_id).value_or("");
        d.url = r.string(o, "url", "", true, 8192).value_or("");
        d.compression_algorithm = r.enumeration(o, "compressionAlgorithm", "", false, {"GZIP"});
        return std::optional<DocumentLocation>(d);
    });
}

ApiResult<std::string> parse_create_report(std::string_view body, std::string_view rid) {
    return with_root<std::string>(body, rid, [](JsonReader& r, const bj::object& o) {
        return r.string(o, "reportId", "", true, k_id);
    });
}

ApiResult<Report> parse_report(std::string_view body, std::string_view rid) {
    return with_root<Report>(body, rid, [](JsonReader& r, const bj::object& o) {
        Report rep;
        rep.report_id = r.string(o, "reportId", "", true, k_id).value_or("");
        rep.report_type = r.string(o, "reportType", "", true, k_id).value_or("");
        rep.marketplace_ids = r.string_list(o, "marketplaceIds", "");
        if (auto t = r.timestamp(o, "createdTime", "", true)) {
            rep.created_time = *t;
        }
        rep.processing_status =
            r.enumeration(o, "processingStatus", "", true,
                          {"CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE"})
                .value_or("");
        rep.data_start_time = r.timestamp(o, "dataStartTime", "", false);
        rep.data_end_time = r.timestamp(o, "dataEndTime", "", false);
        rep.report_document_id = r.string(o, "reportDocumentId", "", false, k_id);
        return std::optional<Report>(rep);
    });
}

ApiResult<FeedDocumentTarget> create_feed_document(SpApiClient& client,
                                                   const std::string& content_type) {
    ApiCall call;
    call.operation = "createFeedDocument";
    call.method = "POST";
    call.path = "/feeds/2021-06-30/documents";
    bj::object body;
    body["contentType"] = content_type;
    call.body = bj::serialize(body);
    // A second feed document is harmless (unused ones expire), so this is retried like a read.
    call.idempotent = true;
    std::function<ApiResult<FeedDocumentTarget>(const HttpResponse&)> parse =
        [](const HttpResponse& r) { return parse_create_feed_document(r.body, r.request_id()); };
    return client.send_parsed(call, parse);
}

ApiResult<void> upload_feed_document(SpApiClient& client, const FeedDocumentTarget& target,
                                     const std::string& content_type, std::string content) {
    TRY(client.send_document("PUT", target.url, content_type, std::move(content)));
    return {};
}

ApiResult<std::string> create_feed(SpApiClient& client, const std::string& feed_type,
                                   const std::vector<std::string>& marketplace_ids,
                                   const std::string& input_feed_document_id,
                                   const std::map<std::string, std::string>& feed_options) {
    if (marketplace_ids.empty() || marketplace_ids.size() > 25) {
        return call_error("createFeed", "a feed needs 1 to 25 marketplace ids");
    }
    ApiCall call;
    call.operation = "createFeed";
    call.method = "POST";
    call.path = "/feeds/2021-06-30/feeds";
    call.idempotent = false;
    bj::object body;
    body["feedType"] = feed_type;
    body["marketplaceIds"] = to_array(marketplace_ids);
    body["inputFeedDocumentId"] = input_feed_document_id;
    if (!feed_options.empty()) {
        bj::object opts;
        for (const auto& [k, v] : feed_options) {
            opts[k] = v;
        }
        body["feedOptions"] = std::move(opts);
    }
    call.body = bj::serialize(body);
    std::function<ApiResult<std::string>(const HttpResponse&)> parse = [](const HttpResponse& r) {
        return parse_create_feed(r.body, r.request_id());
    };
    return client.send_parsed(call, parse);
}

ApiResult<Feed> get_feed(SpApiClient& client, const std::string& feed_id) {
    ApiCall call;
    call.operation = "getFeed";
    call.path = "/feeds/2021-06-30/feeds/" + percent_encode(feed_id);
    std::function<ApiResult<Feed>(const HttpResponse&)> parse = [](const HttpResponse& r) {
        return parse_feed(r.body, r.request_id());
    };
    return client.send_parsed(call, parse);
}

ApiResult<std::vector<Feed>> get_feeds(SpApiClient& client, const FeedsQuery& query) {
    if (query.feed_types.empty() || query.feed_types.size() > 10 ||
        query.marketplace_ids.size() > 10) {
        return call_error("getFeeds", "getFeeds needs 1 to 10 feed types and at most 10 "
                                      "marketplace ids");
    }
    auto csv = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& item : items) {
            out += (out.empty() ? "" : ",") + item;
        }
        return out;
    };
    std::vector<Feed> all;
    std::optional<std::string> token;
    std::set<std::string> seen;
    for (int page_no = 0; page_no < query.max_pages; ++page_no) {
        ApiCall call;
        call.operation = "getFeeds";
        call.path = "/feeds/2021-06-30/feeds";
        if (token) {
            call.query = {{"nextToken", *token}}; // the token carries the other filters
        } else {
            call.query = {{"feedTypes", csv(query.feed_types)}, {"pageSize", "100"}};
            if (!query.marketplace_ids.empty()) {
                call.query.emplace_back("marketplaceIds", csv(query.marketplace_ids));
            }
            if (query.created_since) {
                call.query.emplace_back("createdSince", time::format_rfc3339(*query.created_since));
            }
        }
        std::function<ApiResult<FeedsPage>(const HttpResponse&)> parse = [](const HttpResponse& r) {
            return parse_feeds(r.body, r.request_id());
        };
        TRY_ASSIGN(auto page, client.send_parsed(call, parse));
        for (auto& f : page.feeds) {
            const bool in_market =
                query.marketplace_ids.empty() ||
                std::any_of(
                    f.marketplace_ids.begin(), f.marketplace_ids.end(), [&](const std::string& m) {
                        return std::find(query.marketplace_ids.begin(), query.marketplace_ids.end(),
                                         m) != query.marketplace_ids.end();
                    });
            const bool recent = !query.created_since || f.created_time >= *query.created_since;
            const bool typed = std::find(query.feed_types.begin(), query.feed_types.end(),
                                         f.feed_type) != query.feed_types.end();
            if (in_market && recent && typed) {
                all.push_back(std::move(f));
            }
        }
        if (!page.next_token || page.next_token->empty() || !seen.insert(*page.next_token).second) {
            return all;
        }
        token = page.next_token;
    }
    ApiError e = call_error("getFeeds", "more than " + std::to_string(query.max_pages) +
                                            " pages of feeds: narrow createdSince");
    e.kind = ErrorKind::permanent;
    return e;
}

ApiResult<DocumentLocation> get_feed_document(SpApiClient& client, const std::string& id) {
    ApiCall call;
    call.operation = "getFeedDocument";
    call.path = "/feeds/2021-06-30/documents/" + percent_encode(id);
    std::function<ApiResult<DocumentLocation>(const HttpResponse&)> parse =
        [](const HttpResponse& r) {
            return parse_document(r.body, r.request_id(), "feedDocumentId");
        };
    return client.send_parsed(call, parse);
}

ApiResult<std::string> create_report(SpApiClient& client, const CreateReportRequest& req) {
    if (req.marketplace_ids.empty() || req.marketplace_ids.size() > 25) {
        return call_error("createReport", "a report needs 1 to 25 marketplace ids");
    }
    ApiCall call;
    call.operation = "createReport";
    call.method = "POST";
    call.path = "/reports/2021-06-30/reports";
    // A duplicate report request costs quota but changes nothing on the seller's account.
    call.idempotent = true;
    bj::object body;
    body["reportType"] = req.report_type;
    body["marketplaceIds"] = to_array(req.marketplace_ids);
    if (req.data_start_time) {
        body["dataStartTime"] = time::format_rfc3339(*req.data_start_time);
    }
    if (req.data_end_time) {
        body["dataEndTime"] = time::format_rfc3339(*req.data_end_time);
    }
    if (!req.report_options.empty()) {
        bj::object opts;
        for (const auto& [k, v] : req.report_options) {
            opts[k] = v;
        }
        body["reportOptions"] = std::move(opts);
    }
    call.body = bj::serialize(body);
    std::function<ApiResult<std::string>(const HttpResponse&)> parse = [](const HttpResponse& r) {
        return parse_create_report(r.body, r.request_id());
    };
    return client.send_parsed(call, parse);
}

ApiResult<Report> get_report(SpApiClient& client, const std::string& report_id) {
    ApiCall call;
    call.operation = "getReport";
    call.path = "/reports/2021-06-30/reports/" + percent_encode(report_id);
    std::function<ApiResult<Report>(const HttpResponse&)> parse = [](const HttpResponse& r) {
        return parse_report(r.body, r.request_id());
    };
    return client.send_parsed(call, parse);
}

ApiResult<DocumentLocation> get_report_document(SpApiClient& client, const std::string& id) {
    ApiCall call;
    call.operation = "getReportDocument";
    call.path = "/reports/2021-06-30/documents/" + percent_encode(id);
    std::function<ApiResult<DocumentLocation>(const HttpResponse&)> parse =
        [](const HttpResponse& r) {
            return parse_document(r.body, r.request_id(), "reportDocumentId");
        };
    return client.send_parsed(call, parse);
}

ApiResult<std::string> download_document(SpApiClient& client, const DocumentLocation& location) {
    TRY_ASSIGN(auto res, client.send_document("GET", location.url, "", ""));
    if (location.compression_algorithm && *location.compression_algorithm == "GZIP") {
        auto plain = gunzip(res.body, client.options().max_body_bytes * 8);
        if (!plain) {
            ApiError e;
            e.kind = ErrorKind::data;
            e.operation = "document download";
            e.message = plain.error().message;
            return e;
        }
        return std::move(*plain);
    }
    return std::move(res.body);
}

ApiResult<TsvTable> download_tsv_report(SpApiClient& client, const DocumentLocation& location) {
    TRY_ASSIGN(auto text, download_document(client, location));
    auto table = parse_tsv(text);
    if (!table) {
        ApiError e;
        e.kind = ErrorKind::data;
        e.operation = "report document";
        e.message = table.error().message;
        return e;
    }
    return std::move(*table);
}

} // namespace amzconn::spapi::documents
