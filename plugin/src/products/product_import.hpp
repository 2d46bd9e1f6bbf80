// import_products: Amazon's catalogue (each marketplace's merchant listings report, one report
// per marketplace whatever the number of listings) into the host's products. New listings become
// products; existing ones change only with products.sync_from_amazon; conflicts and unreadable
// rows are listed and left alone. Re-runs change nothing.
#pragma once

#include "engine/engine_context.hpp"
#include "host/product_host_data.hpp"
#include "products/import_plan.hpp"

#include <boost/json/array.hpp>
#include <map>
#include <string>
#include <vector>

namespace amzconn::plugin {

// The rules' settings from the store's products section.
products::ImportSettings import_settings(const config::Products& products);

class ProductImport {
  public:
    explicit ProductImport(EngineContext& context);

    Result<JobReport> run();

  private:
    void apply(const products::ImportPlan& plan, const std::vector<StoredProduct>& stored);
    void write(const products::Action& action, boost::json::object base);
    JobReport report(JobReport report, const products::ImportPlan& plan) const;

    EngineContext& m_context;
    HostServices& m_host;
    const config::StoreConfig& m_store;
    std::vector<products::AmazonListing> m_listings;
    std::vector<std::string> m_messages;
    int64_t m_created = 0, m_updated = 0, m_failed = 0;
};

} // namespace amzconn::plugin
