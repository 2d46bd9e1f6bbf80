#include "rig.hpp"

namespace amzconn::test {

Reply LwaScript::handle(const RawRequest& req) {
    ++requests;
    if (!refuse_with.empty()) {
        int status = refuse_with == "invalid_client" ? 401 : 400;
        return http_reply(status, R"({"error":")" + refuse_with +
                                      R"(","error_description":"The request has an invalid )"
                                      R"(grant parameter"})");
    }
    bool form_ok = req.body.find("grant_type=refresh_token") != std::string::npos &&
                   req.headers.count("content-type") == 1;
    if (!form_ok) {
        return http_reply(400, R"({"error":"invalid_request"})");
    }
    ++grants;
    return http_reply(200, std::string(R"({"access_token":")") + k_canary_access_prefix +
                               std::to_string(grants) +
                               R"(","token_type":"bearer","expires_in":3600,)"
                               R"("refresh_token":"Atzr|CANARY-REFRESH-TOKEN-7q2xZ"})");
}

} // namespace amzconn::test
