#include "api_error.hpp"

namespace amzconn::spapi {

std::string_view to_string(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::retryable:
        return "retryable";
    case ErrorKind::auth:
        return "auth";
    case ErrorKind::permanent:
        return "permanent";
    case ErrorKind::data:
        return "data";
    }
    return "?";
}

std::string ApiError::describe() const {
    std::string out = operation.empty() ? message : operation + ": " + message;
    if (!request_id.empty()) {
        out += " [request id " + request_id + "]";
    }
    return out;
}

Error ApiError::to_error() const {
    Status status = Status::bad_input;
    switch (kind) {
    case ErrorKind::retryable:
        status = Status::retry_later;
        break;
    case ErrorKind::auth:
        status = Status::auth_failed;
        break;
    case ErrorKind::permanent:
        status = http_status == 404 ? Status::not_found : Status::bad_input;
        break;
    case ErrorKind::data:
        status = Status::bad_input;
        break;
    }
    return Error{status, describe()};
}

} // namespace amzconn::spapi
