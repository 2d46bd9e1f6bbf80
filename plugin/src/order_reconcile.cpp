// reconcile_orders: compares Amazon's orders with the host's over a window, imports what is
// missing, and reports what is still missing and why.
#include "order_import.hpp"

namespace amzconn::plugin {

Result<std::string> OrderImport::reconcile(const std::map<std::string, std::string>&) {
    return Error{Status::not_implemented, "job 'reconcile_orders' is not implemented yet"};
}

} // namespace amzconn::plugin
