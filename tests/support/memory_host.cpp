// MemoryHost implementation: one mutex over everything; transact works on a copy and swaps it in.
#include "memory_host.hpp"

#include "amzconn/entities.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <utility>

namespace amzconn::testing {

namespace json = boost::json;

namespace {

std::string state_name(std::string_view ns, std::string_view key) {
    return std::string(ns) + "/" + std::string(key);
}

std::optional<std::string_view> string_field(const json::object& object, std::string_view name) {
    const json::value* v = object.if_contains(name);
    if (v == nullptr || !v->is_string()) {
        return std::nullopt;
    }
    return std::string_view(v->as_string());
}

std::optional<int64_t> int_field(const json::object& object, std::string_view name) {
    const json::value* v = object.if_contains(name);
    if (v == nullptr || !v->is_int64()) {
        return std::nullopt;
    }
    return v->as_int64();
}

// The number of an id this host gave a document of `kind` ("product-12", or 12): the
// entity_query cursor. A key ("MUG-1") is refused, as the reference host refuses it.
std::optional<int64_t> id_number(const json::value& value, std::string_view kind) {
    if (value.is_int64()) {
        return value.as_int64() >= 0 ? std::optional<int64_t>(value.as_int64()) : std::nullopt;
    }
    if (!value.is_string()) {
        return std::nullopt;
    }
    std::string_view digits = value.as_string();
    if (digits.size() > kind.size() && digits.substr(0, kind.size()) == kind &&
        digits[kind.size()] == '-') {
        digits.remove_prefix(kind.size() + 1);
    }
    int64_t number = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc{} || end != digits.data() + digits.size() || number < 0) {
        return std::nullopt;
    }
    return number;
}

} // namespace

std::optional<Error> MemoryHost::take_fault(std::string_view operation) {
    const auto it = m_faults.find(operation);
    if (it == m_faults.end()) {
        return std::nullopt;
    }
    Error error = std::move(it->second);
    m_faults.erase(it);
    return error;
}

Result<StateValue> MemoryHost::state_get(std::string_view ns, std::string_view key) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("state_get")) {
        return *fault;
    }
    const auto space = m_data.state.find(ns);
    if (space != m_data.state.end()) {
        const auto it = space->second.find(key);
        if (it != space->second.end()) {
            return StateValue{it->second.value, it->second.version};
        }
    }
    return Error{Status::not_found, "no state " + state_name(ns, key)};
}

Result<int64_t> MemoryHost::put_locked(Data& data, std::string_view ns, std::string_view key,
                                       std::string_view value, int64_t expected_version) const {
    auto& space = data.state[std::string(ns)];
    const auto it = space.find(key);
    const int64_t current = it == space.end() ? k_version_absent : it->second.version;
    if (expected_version != k_version_any && expected_version != current) {
        return Error{Status::conflict,
                     "state " + state_name(ns, key) + " is at version " + std::to_string(current) +
                         ", not " + std::to_string(expected_version) + ": re-read it and retry"};
    }
    // Versions come from one host-wide counter, so a deleted and re-created key never repeats one.
    const int64_t version = data.next_version++;
    space[std::string(key)] = Stored{std::string(value), version};
    return version;
}

Result<int64_t> MemoryHost::state_put(std::string_view ns, std::string_view key,
                                      std::string_view value, int64_t expected_version) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("state_put")) {
        return *fault;
    }
    return put_locked(m_data, ns, key, value, expected_version);
}

Result<std::vector<StateEntry>> MemoryHost::state_list(std::string_view ns,
                                                       std::string_view prefix) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("state_list")) {
        return *fault;
    }
    std::vector<StateEntry> entries;
    const auto space = m_data.state.find(ns);
    if (space == m_data.state.end()) {
        return entries;
    }
    for (auto it = space->second.lower_bound(prefix);
         it != space->second.end() && it->first.starts_with(prefix); ++it) {
        entries.push_back(StateEntry{it->first, it->second.value, it->second.version});
    }
    return entries;
}

Outcome MemoryHost::delete_locked(Data& data, std::string_view ns, std::string_view key,
                                  int64_t expected_version) const {
    const auto space = data.state.find(ns);
    const bool present = space != data.state.end() && space->second.contains(key);
    const int64_t current = present ? space->second.find(key)->second.version : k_version_absent;
    if (expected_version != k_version_any && expected_version != current) {
        return Error{Status::conflict,
                     "state " + state_name(ns, key) + " is at version " + std::to_string(current) +
                         ", not " + std::to_string(expected_version) + ": re-read it and retry"};
    }
    if (present) {
        space->second.erase(space->second.find(key));
    }
    return {};
}

Outcome MemoryHost::state_delete(std::string_view ns, std::string_view key,
                                 int64_t expected_version) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("state_delete")) {
        return *fault;
    }
    return delete_locked(m_data, ns, key, expected_version);
}

Result<std::string> MemoryHost::entity_query(std::string_view kind, std::string_view filter_json) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("entity_query")) {
        return *fault;
    }
    json::object filter;
    if (!filter_json.empty()) {
        boost::system::error_code ec;
        json::value parsed = json::parse(filter_json, ec);
        if (ec || !parsed.is_object()) {
            return Error{Status::bad_input, "entity_query filter must be a JSON object, got: " +
                                                std::string(filter_json)};
        }
        filter = std::move(parsed.as_object());
    }
    int64_t limit = -1;
    int64_t after = 0;
    if (const json::value* v = filter.if_contains("limit")) {
        if (!v->is_int64() || v->as_int64() < 0) {
            return Error{Status::bad_input, "entity_query limit must be a non-negative integer"};
        }
        limit = v->as_int64();
        filter.erase("limit");
    }
    if (const json::value* v = filter.if_contains("after")) {
        auto parsed = id_number(*v, kind);
        if (!parsed) {
            return Error{Status::bad_input,
                         "entity_query after must be the id of a document a query returned"};
        }
        after = *parsed;
        filter.erase("after");
    }
    json::array out;
    const auto kind_it = m_data.entities.find(kind);
    const auto ids_it = m_data.by_id.find(kind);
    if (kind_it == m_data.entities.end() || ids_it == m_data.by_id.end()) {
        return json::serialize(out);
    }
    for (auto it = ids_it->second.upper_bound(after); it != ids_it->second.end(); ++it) {
        if (limit >= 0 && std::cmp_greater_equal(out.size(), limit)) {
            break;
        }
        const Entity& entity = kind_it->second.find(it->second)->second;
        json::value doc = json::parse(entity.doc);
        bool match = true;
        for (const auto& [name, wanted] : filter) {
            const json::value* have = doc.as_object().if_contains(name);
            if (have == nullptr || *have != wanted) {
                match = false;
                break;
            }
        }
        if (match) {
            doc.as_object()["id"] = entity.id;
            out.push_back(std::move(doc));
        }
    }
    return json::serialize(out);
}

Result<UpsertResult> MemoryHost::upsert_locked(Data& data, std::string_view kind,
                                               std::string_view key,
                                               std::string_view doc_json) const {
    if (key.empty()) {
        return Error{Status::bad_input, std::string(kind) + " upsert needs a non-empty key"};
    }
    if (m_validate) {
        if (auto valid = validate_entity(kind, doc_json); !valid) {
            return valid.error();
        }
    }
    boost::system::error_code ec;
    const json::value doc = json::parse(doc_json, ec);
    if (ec || !doc.is_object()) {
        return Error{Status::bad_input, std::string(kind) + " " + std::string(key) +
                                            ": the document must be a JSON object"};
    }
    std::string normal = json::serialize(doc);
    auto& by_key = data.entities[std::string(kind)];
    const auto it = by_key.find(key);
    if (it == by_key.end()) {
        const int64_t number = data.next_id++;
        std::string id = std::string(kind) + "-" + std::to_string(number);
        by_key.emplace(std::string(key), Entity{id, std::move(normal)});
        data.by_id[std::string(kind)].emplace(number, std::string(key));
        return UpsertResult{id, true, true};
    }
    const bool changed = it->second.doc != normal;
    it->second.doc = std::move(normal);
    return UpsertResult{it->second.id, false, changed};
}

Result<UpsertResult> MemoryHost::entity_upsert(std::string_view kind, std::string_view key,
                                               std::string_view doc_json) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("entity_upsert")) {
        return *fault;
    }
    return upsert_locked(m_data, kind, key, doc_json);
}

Result<std::string> MemoryHost::transact(std::string_view ops_json) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("transact")) {
        return *fault;
    }
    boost::system::error_code ec;
    const json::value ops = json::parse(ops_json, ec);
    if (ec || !ops.is_array()) {
        return Error{Status::bad_input, "transact needs a JSON array of operations"};
    }
    Data work = m_data; // all-or-nothing: the copy replaces the data only if every op succeeds
    json::array results;
    size_t index = 0;
    for (const json::value& op_value : ops.as_array()) {
        const std::string where = "transact op[" + std::to_string(index++) + "]";
        if (!op_value.is_object()) {
            return Error{Status::bad_input, where + ": must be an object"};
        }
        const json::object& op = op_value.as_object();
        const auto name = string_field(op, "op");
        if (name == "state_put" || name == "state_delete") {
            const auto ns = string_field(op, "ns");
            const auto key = string_field(op, "key");
            const auto expected = op.contains("expected_version")
                                      ? int_field(op, "expected_version")
                                      : std::optional<int64_t>(k_version_any);
            if (!ns || !key || !expected) {
                return Error{Status::bad_input,
                             where + ": needs string ns and key and an integer expected_version"};
            }
            if (name == "state_put") {
                const auto value = string_field(op, "value");
                if (!value) {
                    return Error{Status::bad_input, where + ": state_put needs a string value"};
                }
                auto r = put_locked(work, *ns, *key, *value, *expected);
                if (!r) {
                    return Error{r.error().status, where + ": " + r.error().message};
                }
                results.push_back(json::object{{"version", *r}});
            } else {
                auto r = delete_locked(work, *ns, *key, *expected);
                if (!r) {
                    return Error{r.error().status, where + ": " + r.error().message};
                }
                results.push_back(json::object{{"deleted", true}});
            }
        } else if (name == "upsert") {
            const auto kind = string_field(op, "kind");
            const auto key = string_field(op, "key");
            const json::value* doc = op.if_contains("doc");
            if (!kind || !key || doc == nullptr) {
                return Error{Status::bad_input, where + ": upsert needs kind, key and doc"};
            }
            const std::string doc_text =
                doc->is_string() ? std::string(doc->as_string()) : json::serialize(*doc);
            auto r = upsert_locked(work, *kind, *key, doc_text);
            if (!r) {
                return Error{r.error().status, where + ": " + r.error().message};
            }
            results.push_back(
                json::object{{"id", r->id}, {"created", r->created}, {"changed", r->changed}});
        } else {
            return Error{Status::bad_input,
                         where + ": op must be state_put, state_delete or upsert"};
        }
    }
    m_data = std::move(work);
    return json::serialize(results);
}

void MemoryHost::log(LogLevel level, std::string_view store, std::string_view reference,
                     std::string_view message) {
    const std::lock_guard lock(m_mutex);
    m_log.push_back(
        LogLine{level, std::string(store), std::string(reference), std::string(message), m_now_ms});
}

Result<std::string> MemoryHost::secret_get(std::string_view name) {
    const std::lock_guard lock(m_mutex);
    if (auto fault = take_fault("secret_get")) {
        return *fault;
    }
    const auto it = m_secrets.find(name);
    if (it == m_secrets.end()) {
        return Error{Status::not_found, "no secret named " + std::string(name) +
                                            " in the host's secret store: add it, then retry"};
    }
    return it->second;
}

int64_t MemoryHost::now_ms() {
    const std::lock_guard lock(m_mutex);
    return m_now_ms;
}

Outcome MemoryHost::sleep_ms(int64_t ms) {
    std::function<void(int64_t)> hook;
    {
        const std::lock_guard lock(m_mutex);
        if (auto fault = take_fault("sleep_ms")) {
            return *fault;
        }
        if (m_shutting_down) {
            return Error{Status::cancelled, "the host is shutting down"};
        }
        if (ms > 0) {
            m_now_ms += ms;
            m_slept_ms += ms;
        }
        hook = m_on_sleep;
    }
    if (hook) {
        hook(ms);
    }
    return {};
}

void MemoryHost::progress(std::string_view job, std::string_view store, uint64_t done,
                          uint64_t total, std::string_view message) {
    const std::lock_guard lock(m_mutex);
    m_progress.push_back(
        ProgressLine{std::string(job), std::string(store), done, total, std::string(message)});
}

void MemoryHost::set_secret(std::string name, std::string value) {
    const std::lock_guard lock(m_mutex);
    m_secrets[std::move(name)] = std::move(value);
}

void MemoryHost::set_now_ms(int64_t now) {
    const std::lock_guard lock(m_mutex);
    m_now_ms = now;
}

void MemoryHost::advance_ms(int64_t ms) {
    const std::lock_guard lock(m_mutex);
    m_now_ms += ms;
}

void MemoryHost::set_validate_entities(bool on) {
    const std::lock_guard lock(m_mutex);
    m_validate = on;
}

void MemoryHost::set_shutting_down(bool on) {
    const std::lock_guard lock(m_mutex);
    m_shutting_down = on;
}

void MemoryHost::set_on_sleep(std::function<void(int64_t)> hook) {
    const std::lock_guard lock(m_mutex);
    m_on_sleep = std::move(hook);
}

void MemoryHost::fail_next(std::string operation, Error error) {
    const std::lock_guard lock(m_mutex);
    m_faults.insert_or_assign(std::move(operation), std::move(error));
}

std::vector<LogLine> MemoryHost::log_lines() const {
    const std::lock_guard lock(m_mutex);
    return m_log;
}

std::string MemoryHost::log_text() const {
    const std::lock_guard lock(m_mutex);
    std::string text;
    for (const auto& line : m_log) {
        text += line.store + "|" + line.reference + "|" + line.message + "\n";
    }
    return text;
}

std::vector<ProgressLine> MemoryHost::progress_lines() const {
    const std::lock_guard lock(m_mutex);
    return m_progress;
}

std::optional<std::string> MemoryHost::entity(std::string_view kind, std::string_view key) const {
    const std::lock_guard lock(m_mutex);
    const auto kind_it = m_data.entities.find(kind);
    if (kind_it == m_data.entities.end()) {
        return std::nullopt;
    }
    const auto it = kind_it->second.find(key);
    if (it == kind_it->second.end()) {
        return std::nullopt;
    }
    return it->second.doc;
}

size_t MemoryHost::entity_count(std::string_view kind) const {
    const std::lock_guard lock(m_mutex);
    const auto kind_it = m_data.entities.find(kind);
    return kind_it == m_data.entities.end() ? 0 : kind_it->second.size();
}

int64_t MemoryHost::slept_ms() const {
    const std::lock_guard lock(m_mutex);
    return m_slept_ms;
}

} // namespace amzconn::testing
