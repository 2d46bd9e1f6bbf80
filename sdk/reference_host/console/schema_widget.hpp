// How the configuration form sees a settings JSON Schema node (shared by the form's rendering,
// its YAML and the loading of a YAML into it): the widget a node is edited with, item paths and
// the count of an array of objects the form holds.
#pragma once

#include "console/http_message.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace amzconn::refhost::console::schema_form_detail {

enum class Widget { object, items, text, number, check, choice, lines, yaml };

// The schema's "items" of an array node, when it is an object.
const boost::json::object* items_of(const boost::json::object& node);
Widget widget_of(const boost::json::object& node);

// "a.b" from "a" and "b"; "b" from "" and "b".
std::string child_path(std::string_view parent, std::string_view key);
// "stores[2]".
std::string item_path(std::string_view path, size_t index);

// The hidden field that holds how many items the array at `path` has in the form.
std::string count_field(std::string_view path);
// That count in `values` (at least 1, at most k_max_items).
size_t item_count(const Fields& values, std::string_view path);
inline constexpr size_t k_max_items = 50;

} // namespace amzconn::refhost::console::schema_form_detail
