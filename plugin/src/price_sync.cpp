// Price export (host price tier -> Amazon purchasable_offer) and import (Amazon -> host tier).
#include "stock_export.hpp"

namespace amzconn::plugin {

Result<std::string> StockExport::export_prices(const std::map<std::string, std::string>&) {
    return Error{Status::not_implemented, "job 'export_prices' is not implemented yet"};
}

Result<std::string> StockExport::import_prices(const std::map<std::string, std::string>&) {
    return Error{Status::not_implemented, "job 'import_prices' is not implemented yet"};
}

} // namespace amzconn::plugin
