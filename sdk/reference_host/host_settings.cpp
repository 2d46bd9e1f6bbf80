#include "host_settings.hpp"

#include <charconv>

namespace amzconn::refhost {

Result<std::optional<std::string>> read_setting(Database& db, std::string_view name) {
    TRY_ASSIGN(auto query, db.prepare("SELECT value FROM host_settings WHERE name = ?"));
    query.bind(1, name);
    TRY_ASSIGN(const bool found, query.step());
    if (!found) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{query.column_text(0)};
}

Result<std::optional<int64_t>> read_int_setting(Database& db, std::string_view name) {
    TRY_ASSIGN(const auto text, read_setting(db, name));
    if (!text) {
        return std::optional<int64_t>{};
    }
    int64_t number = 0;
    const char* end = text->data() + text->size();
    const auto [stop, ec] = std::from_chars(text->data(), end, number);
    if (ec != std::errc{} || stop != end) {
        return std::optional<int64_t>{};
    }
    return std::optional<int64_t>{number};
}

Outcome write_setting(Database& db, std::string_view name, std::string_view value) {
    TRY_ASSIGN(auto upsert, db.prepare("INSERT INTO host_settings (name, value) VALUES (?, ?) "
                                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value"));
    return upsert.bind(1, name).bind(2, value).run();
}

Outcome erase_setting(Database& db, std::string_view name) {
    TRY_ASSIGN(auto erase, db.prepare("DELETE FROM host_settings WHERE name = ?"));
    return erase.bind(1, name).run();
}

} // namespace amzconn::refhost
