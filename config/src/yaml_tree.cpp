// One-pass event-based YAML reading; see yaml_tree.hpp for what is refused and why.
#include "yaml_tree.hpp"

#include "shown.hpp"

#include <sstream>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace amzconn::config::detail {

Diagnostic make_diagnostic(std::string_view file, Mark mark, std::string path, std::string message,
                           Severity severity) {
    // A line break in a key or value must never split one diagnostic into two lines.
    return Diagnostic{std::string(file),     mark.line,
                      mark.column,           severity,
                      escape_controls(path), escape_controls(message)};
}

namespace {

// A config is a few levels deep; far deeper nesting is a mistake or an attack on the parser.
constexpr std::size_t k_max_depth = 32;

std::string too_deep_message() {
    return "nested too deep (more than " + std::to_string(k_max_depth) +
           " levels of lists and mappings); check the brackets and the indentation";
}

Mark from_yaml(const YAML::Mark& m) {
    if (m.line < 0 || m.column < 0) {
        return Mark{1, 1};
    }
    return Mark{m.line + 1, m.column + 1}; // yaml-cpp marks are 0-based
}

// Builds the tree and reports unsafe constructs with the key path where they occur.
class TreeBuilder final : public YAML::EventHandler {
  public:
    TreeBuilder(std::string_view file, std::vector<Diagnostic>& out) : m_file(file), m_out(out) {}

    std::optional<YNode> take_root() { return std::move(m_root); }
    bool too_deep() const { return m_too_deep; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
        YNode node;
        node.kind = YNode::Kind::null;
        node.mark = from_yaml(mark);
        add(std::move(node));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        report(from_yaml(mark), "aliases (*name) are not allowed; write the value out in full");
        YNode node;
        node.kind = YNode::Kind::null;
        node.reported = true;
        node.mark = from_yaml(mark);
        add(std::move(node));
    }

    void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
        report(from_yaml(mark),
               "anchors (&" + name + ") are not allowed; write each value out in full");
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                  const std::string& value) override {
        check_tag(mark, tag);
        YNode node;
        node.kind = YNode::Kind::scalar;
        node.mark = from_yaml(mark);
        node.value = value;
        node.plain = tag != "!";
        if (node.plain && (value == "~" || value == "null" || value == "Null" || value == "NULL")) {
            node.kind = YNode::Kind::null;
        }
        add(std::move(node));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        check_tag(mark, tag);
        YNode node;
        node.kind = YNode::Kind::sequence;
        node.mark = from_yaml(mark);
        push(std::move(node));
    }
    void OnSequenceEnd() override { pop(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        check_tag(mark, tag);
        YNode node;
        node.kind = YNode::Kind::mapping;
        node.mark = from_yaml(mark);
        push(std::move(node));
    }
    void OnMapEnd() override { pop(); }

  private:
    struct Frame {
        YNode node;
        std::optional<YNode> pending_key; // mappings: the key waiting for its value
        std::string path;
    };

    std::string child_path() const {
        if (m_stack.empty()) {
            return "";
        }
        const Frame& top = m_stack.back();
        if (top.node.kind == YNode::Kind::sequence) {
            return top.path + "[" + std::to_string(top.node.items.size()) + "]";
        }
        if (top.pending_key) {
            return top.path.empty() ? top.pending_key->value
                                    : top.path + "." + top.pending_key->value;
        }
        return top.path;
    }

    void report(Mark mark, std::string message) {
        m_out.push_back(make_diagnostic(m_file, mark, child_path(), std::move(message)));
    }

    void check_tag(const YAML::Mark& mark, const std::string& tag) {
        if (!tag.empty() && tag != "?" && tag != "!") {
            report(from_yaml(mark),
                   "tags (" + tag + ") are not allowed; write the plain value without a tag");
        }
    }

    void push(YNode node) {
        if (m_stack.size() >= k_max_depth && !m_too_deep) {
            m_too_deep = true;
            m_out.push_back(make_diagnostic(m_file, node.mark, "", too_deep_message()));
        }
        std::string path = child_path();
        m_stack.push_back(Frame{std::move(node), std::nullopt, std::move(path)});
    }

    void pop() {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        add(std::move(frame.node));
    }

    void add(YNode node) {
        if (m_stack.empty()) {
            m_root = std::move(node);
            return;
        }
        Frame& top = m_stack.back();
        if (top.node.kind == YNode::Kind::sequence) {
            top.node.items.push_back(std::move(node));
            return;
        }
        if (!top.pending_key) {
            add_key(top, std::move(node));
            return;
        }
        top.node.entries.push_back(YEntry{std::move(*top.pending_key), std::move(node)});
        top.pending_key.reset();
    }

    void add_key(Frame& top, YNode key) {
        const std::string where = top.path.empty() ? key.value : top.path + "." + key.value;
        if (key.kind != YNode::Kind::scalar) {
            m_out.push_back(make_diagnostic(m_file, key.mark, top.path,
                                            "keys must be plain words, not lists or mappings"));
        } else if (key.plain && key.value == "<<") {
            m_out.push_back(make_diagnostic(m_file, key.mark, top.path,
                                            "merge keys (<<) are not allowed; write the keys "
                                            "out in full"));
        } else {
            for (const auto& [other, value] : top.node.entries) {
                if (other.kind == YNode::Kind::scalar && other.value == key.value) {
                    m_out.push_back(
                        make_diagnostic(m_file, key.mark, where,
                                        "duplicate key " + shown(key.value) + " (lines " +
                                            std::to_string(other.mark.line) + " and " +
                                            std::to_string(key.mark.line) + "); keep only one"));
                    break;
                }
            }
        }
        top.pending_key = std::move(key);
    }

    std::string_view m_file;
    std::vector<Diagnostic>& m_out;
    std::vector<Frame> m_stack;
    std::optional<YNode> m_root;
    bool m_too_deep = false;
};

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    if (c < 0x80) {
        return 1;
    }
    if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
        n = 2;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
        n = 4;
    } else {
        return 0;
    }
    if (i + n > text.size()) {
        return 0;
    }
    // No overlong forms, no UTF-16 surrogates, nothing past U+10FFFF (RFC 3629): JSON parsers
    // (Boost.JSON included) refuse them, so the effective config could not be read back.
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 >= 0x90)) {
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return n;
}

// yaml-cpp quotes single bytes of the input in its messages ("unknown escape character: \xC3"),
// which can cut a UTF-8 character in two: such bytes are written as \xNN so the diagnostic stays
// valid UTF-8 (diagnostics go out as JSON).
std::string printable(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            const auto c = static_cast<unsigned char>(text[i]);
            out += "\\x";
            out += k_hex[c >> 4U];
            out += k_hex[c & 0x0FU];
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

// Tabs in indentation and invalid UTF-8 make the parse meaningless: find them first.
bool prescan(std::string_view file, std::string_view text, std::vector<Diagnostic>& out) {
    const std::size_t before = out.size();
    int line = 1;
    int column = 1;
    bool at_indent = true;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            column = 1;
            at_indent = true;
            ++i;
            continue;
        }
        if (at_indent && c == '\t') {
            out.push_back(make_diagnostic(file, Mark{line, column}, "",
                                          "tab in indentation; indent with spaces only"));
            at_indent = false;
        } else if (c != ' ') {
            at_indent = false;
        }
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\r') || u == 0x7F) {
            // YAML allows only printable characters; yaml-cpp keeps a NUL inside a scalar, and
            // the effective config written from it could not be read back.
            static constexpr char k_hex[] = "0123456789ABCDEF";
            out.push_back(make_diagnostic(
                file, Mark{line, column}, "",
                std::string("control character U+00") + k_hex[u >> 4U] + k_hex[u & 0x0FU] +
                    " in the file (YAML allows only printable characters); remove it"));
            return false;
        }
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out.push_back(make_diagnostic(file, Mark{line, column}, "",
                                          "the file is not valid UTF-8; save it as UTF-8"));
            return false;
        }
        i += n;
        ++column;
    }
    return out.size() == before;
}

} // namespace

std::optional<YNode> parse_yaml(std::string_view file, std::string_view text,
                                std::vector<Diagnostic>& out) {
    if (text.size() > k_max_config_bytes) {
        out.push_back(make_diagnostic(file, Mark{1, 1}, "",
                                      "the file is " + std::to_string(text.size()) +
                                          " bytes; a config may hold at most 1 MiB (1048576 "
                                          "bytes): split it or remove unused parts"));
        return std::nullopt;
    }
    if (!prescan(file, text, out)) {
        return std::nullopt;
    }
    std::istringstream in{std::string(text)};
    std::optional<YNode> root;
    try {
        YAML::Parser parser(in);
        TreeBuilder builder(file, out);
        if (parser.HandleNextDocument(builder)) {
            if (builder.too_deep()) {
                return std::nullopt;
            }
            root = builder.take_root();
            std::vector<Diagnostic> ignored;
            TreeBuilder extra(file, ignored);
            if (parser.HandleNextDocument(extra)) {
                auto node = extra.take_root();
                const Mark mark = node ? node->mark : Mark{1, 1};
                out.push_back(make_diagnostic(file, mark, "",
                                              "a second YAML document starts here; a config "
                                              "file holds exactly one document"));
            }
        }
    } catch (const YAML::DeepRecursion& e) {
        if (out.empty() || out.back().message != too_deep_message()) { // not yet said
            out.push_back(make_diagnostic(file, from_yaml(e.mark), "", too_deep_message()));
        }
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        out.push_back(make_diagnostic(file, from_yaml(e.mark), "",
                                      "YAML syntax error: " + printable(e.msg) +
                                          "; check the indentation and quoting here"));
        return std::nullopt;
    }
    if (!root) {
        YNode empty;
        empty.kind = YNode::Kind::null;
        root = std::move(empty);
    }
    return root;
}

} // namespace amzconn::config::detail
