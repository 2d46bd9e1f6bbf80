#include "order_stream.hpp"

#include "order_stream_schema.hpp"

#include <array>
#include <boost/json/basic_parser_impl.hpp>

namespace amzconn::spapi::orders {

namespace bj = boost::json;

namespace stream {
namespace {

// One open object or array. Frames live in a fixed array (the depth is at most 32), so a money
// frame's scratch has a stable address while the frame is open.
struct Frame {
    const KindSpec* kind = nullptr;  // nullptr: an array
    void* target = nullptr;          // an object's target (an array's: its owner's)
    const FieldSpec* spec = nullptr; // the field this object or array is the value of
    void* owner = nullptr;           // the target of the object that holds this value
    uint64_t seen = 0;               // keys met: a second one leaves the page to the tree parser
    uint64_t present = 0;            // fields with a non-null value
    int field = -1;                  // the field whose value comes next; -1: skip it
    size_t next = 0;                 // where the next key is looked for first
    MoneyText money;
};

constexpr size_t k_max_frames = 40;

// The page as Boost.JSON's events. Each returns false (the parse stops) as soon as the page is
// not one the tree parser reads cleanly.
class PageHandler {
  public:
    static constexpr size_t max_object_size = bj::object::max_size();
    static constexpr size_t max_array_size = bj::array::max_size();
    static constexpr size_t max_key_size = bj::string::max_size();
    static constexpr size_t max_string_size = bj::string::max_size();

    explicit PageHandler(SearchOrdersPage& page) : m_page(page) {}

    bool on_document_begin(bj::error_code&) { return true; }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code& ec);
    bool on_object_end(size_t, bj::error_code& ec);
    bool on_array_begin(bj::error_code& ec);
    bool on_array_end(size_t, bj::error_code& ec);
    bool on_key_part(bj::string_view s, size_t, bj::error_code&);
    bool on_key(bj::string_view s, size_t, bj::error_code& ec);
    bool on_string_part(bj::string_view s, size_t, bj::error_code&);
    bool on_string(bj::string_view s, size_t, bj::error_code& ec);
    bool on_number_part(bj::string_view, bj::error_code&) { return true; }
    bool on_int64(int64_t i, bj::string_view, bj::error_code& ec);
    bool on_uint64(uint64_t u, bj::string_view, bj::error_code& ec);
    bool on_double(double d, bj::string_view, bj::error_code& ec);
    bool on_bool(bool, bj::error_code& ec) {
        return scalar(ec, [](const FieldSpec*) { return false; });
    }
    bool on_null(bj::error_code& ec);
    bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
    bool on_comment(bj::string_view, bj::error_code&) { return true; }

  private:
    static bool refuse(bj::error_code& ec) {
        ec = bj::error::syntax;
        return false;
    }
    Frame& top() { return m_frames[m_depth - 1]; }
    bool skipping() const { return m_skip > 0; }
    // The field the next value belongs to; nullptr when it is skipped (an unknown key).
    const FieldSpec* value_spec() {
        Frame& f = top();
        if (f.kind == nullptr) {
            return f.spec; // an array's element
        }
        if (f.field < 0) {
            return nullptr;
        }
        f.present |= uint64_t{1} << f.field;
        return &f.kind->fields[static_cast<size_t>(f.field)];
    }
    Frame& push(const KindSpec* kind, void* target, const FieldSpec* spec, void* owner);
    void pop();
    bool text_value(std::string_view text, bj::error_code& ec);
    bool close_money(Frame& f);
    template <typename F>
    bool scalar(bj::error_code& ec, F&& accept);

    SearchOrdersPage& m_page;
    std::array<Frame, k_max_frames> m_frames;
    size_t m_depth = 0;
    size_t m_skip = 0;  // depth inside a skipped (unknown) object or array
    std::string m_part; // a key or string that came in pieces
};

Frame& PageHandler::push(const KindSpec* kind, void* target, const FieldSpec* spec, void* owner) {
    Frame& f = m_frames[m_depth++];
    f.kind = kind;
    f.target = target;
    f.spec = spec;
    f.owner = owner;
    f.seen = 0;
    f.present = 0;
    f.field = -1;
    f.next = 0;
    return f;
}

void PageHandler::pop() {
    --m_depth;
    if (m_depth > 0 && top().kind != nullptr) {
        top().field = -1; // its value is read
    }
}

bool PageHandler::on_object_begin(bj::error_code& ec) {
    if (skipping()) {
        ++m_skip;
        return true;
    }
    if (m_depth == 0) {
        push(&k_page_kind, &m_page, nullptr, nullptr);
        return true;
    }
    if (m_depth == k_max_frames) {
        return refuse(ec);
    }
    const bool element = top().kind == nullptr;
    const FieldSpec* spec = value_spec();
    if (spec == nullptr) {
        m_skip = 1;
        return true;
    }
    void* owner = element ? top().owner : top().target;
    if (element ? spec->type != FieldType::objects
                : spec->type != FieldType::object && spec->type != FieldType::money) {
        return refuse(ec);
    }
    if (spec->type == FieldType::money) {
        Frame& f = push(&k_money_kind, nullptr, spec, owner);
        f.money.amount.clear();
        f.money.currency.clear();
        f.target = &f.money;
        return true;
    }
    push(spec->child, spec->open(owner), spec, owner);
    return true;
}

bool PageHandler::close_money(Frame& f) {
    auto parsed = money::parse_money(f.money.amount, f.money.currency);
    if (!parsed) {
        return false;
    }
    f.spec->set_money(f.owner, std::move(parsed.value()));
    return true;
}

bool PageHandler::on_object_end(size_t, bj::error_code& ec) {
    if (skipping()) {
        --m_skip;
        return true;
    }
    Frame& f = top();
    if ((f.present & f.kind->required) != f.kind->required) {
        return refuse(ec); // a required field is missing (or null)
    }
    if (f.kind == &k_money_kind && !close_money(f)) {
        return refuse(ec);
    }
    pop();
    return true;
}

bool PageHandler::on_array_begin(bj::error_code& ec) {
    if (skipping()) {
        ++m_skip;
        return true;
    }
    if (m_depth == 0 || m_depth == k_max_frames || top().kind == nullptr) {
        return refuse(ec); // the page is an array, or an array holds an array
    }
    const FieldSpec* spec = value_spec();
    if (spec == nullptr) {
        m_skip = 1;
        return true;
    }
    if (spec->type != FieldType::objects && spec->type != FieldType::texts) {
        return refuse(ec);
    }
    push(nullptr, nullptr, spec, top().target);
    return true;
}

bool PageHandler::on_array_end(size_t, bj::error_code&) {
    if (skipping()) {
        --m_skip;
        return true;
    }
    pop();
    return true;
}

bool PageHandler::on_key_part(bj::string_view s, size_t, bj::error_code&) {
    if (!skipping()) {
        m_part.append(s.data(), s.size());
    }
    return true;
}

bool PageHandler::on_key(bj::string_view s, size_t, bj::error_code& ec) {
    if (skipping()) {
        return true;
    }
    std::string_view key(s.data(), s.size());
    if (!m_part.empty()) {
        m_part.append(s.data(), s.size());
        key = m_part;
    }
    Frame& f = top();
    f.field = f.kind->find(key, f.next);
    m_part.clear();
    if (f.field >= 0) {
        f.next = static_cast<size_t>(f.field) + 1;
        const uint64_t bit = uint64_t{1} << f.field;
        if ((f.seen & bit) != 0) {
            return refuse(ec); // a duplicate key: the tree keeps the last one
        }
        f.seen |= bit;
    }
    return true;
}

bool PageHandler::on_string_part(bj::string_view s, size_t, bj::error_code&) {
    if (!skipping()) {
        m_part.append(s.data(), s.size());
    }
    return true;
}

bool PageHandler::on_string(bj::string_view s, size_t, bj::error_code& ec) {
    if (skipping()) {
        return true;
    }
    if (m_part.empty()) {
        return text_value(std::string_view(s.data(), s.size()), ec);
    }
    m_part.append(s.data(), s.size());
    const bool ok = text_value(m_part, ec);
    m_part.clear();
    return ok;
}

// A scalar in the current position: skipped under an unknown key, else `accept(spec)` decides.
template <typename F>
bool PageHandler::scalar(bj::error_code& ec, F&& accept) {
    if (skipping()) {
        return true;
    }
    if (m_depth == 0) {
        return refuse(ec); // the page is not an object
    }
    Frame& f = top();
    const FieldSpec* spec = value_spec();
    if (f.kind != nullptr) {
        f.field = -1;
    }
    if (spec == nullptr) {
        return true;
    }
    return accept(spec) ? true : refuse(ec);
}

bool PageHandler::text_value(std::string_view text, bj::error_code& ec) {
    const bool element = m_depth > 0 && top().kind == nullptr;
    void* target = m_depth == 0 ? nullptr : element ? top().owner : top().target;
    return scalar(ec, [&](const FieldSpec* spec) {
        if (text.find('\0') != std::string_view::npos) {
            return false;
        }
        if (element) {
            return spec->type == FieldType::texts && spec->set_text(target, text);
        }
        if (spec->type != FieldType::text && spec->type != FieldType::timestamp) {
            return false;
        }
        if (text.size() > spec->max_length || (spec->required && text.empty())) {
            return false;
        }
        return spec->set_text(target, text);
    });
}

bool PageHandler::on_int64(int64_t i, bj::string_view, bj::error_code& ec) {
    void* target = m_depth == 0 ? nullptr : top().target;
    const bool element = m_depth > 0 && top().kind == nullptr;
    return scalar(ec, [&](const FieldSpec* spec) {
        if (element) {
            return false;
        }
        if (spec->type == FieldType::number) {
            return spec->set_text(target, bj::serialize(bj::value(i)));
        }
        return spec->type == FieldType::integer && i >= spec->min && i <= spec->max &&
               spec->set_integer(target, i);
    });
}

bool PageHandler::on_uint64(uint64_t u, bj::string_view, bj::error_code& ec) {
    void* target = m_depth == 0 ? nullptr : top().target;
    const bool element = m_depth > 0 && top().kind == nullptr;
    return scalar(ec, [&](const FieldSpec* spec) {
        return !element && spec->type == FieldType::number &&
               spec->set_text(target, bj::serialize(bj::value(u)));
    });
}

bool PageHandler::on_double(double d, bj::string_view, bj::error_code& ec) {
    void* target = m_depth == 0 ? nullptr : top().target;
    const bool element = m_depth > 0 && top().kind == nullptr;
    return scalar(ec, [&](const FieldSpec* spec) {
        return !element && spec->type == FieldType::number &&
               spec->set_text(target, bj::serialize(bj::value(d)));
    });
}

bool PageHandler::on_null(bj::error_code& ec) {
    if (skipping()) {
        return true;
    }
    if (m_depth == 0 || top().kind == nullptr) {
        return refuse(ec); // null as the page, or as an array's element
    }
    top().field = -1; // a null field is an absent one (its present bit stays clear)
    return true;
}

} // namespace
} // namespace stream

std::optional<SearchOrdersPage> stream_search_orders(std::string_view body,
                                                     std::string_view request_id) {
    if (body.empty()) {
        return std::nullopt;
    }
    SearchOrdersPage page;
    page.orders.reserve(100); // a full page: no order is moved as the list grows
    bj::parse_options opts;
    opts.max_depth = 32; // as parse_json_body
    bj::basic_parser<stream::PageHandler> parser(opts, page);
    bj::error_code ec;
    const size_t n = parser.write_some(false, body.data(), body.size(), ec);
    if (ec || n != body.size() || page.orders.size() > 100) {
        return std::nullopt;
    }
    page.request_id = std::string(request_id);
    return page;
}

} // namespace amzconn::spapi::orders
