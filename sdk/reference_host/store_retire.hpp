// Retiring a store: the installed config's YAML with `retired: true` on the store's entry,
// installed again as `install` does. A retired store runs nothing and makes no Amazon call; its
// orders, products and log stay in the host, and its entry (alias) stays in the config, since an
// installed store is never removed or renamed. For `amzconn-host store retire` and the console.
#pragma once

#include "config_install.hpp"

#include <string>
#include <string_view>

namespace amzconn::refhost {

// The file name the installed config's copy is validated and installed under.
inline constexpr std::string_view k_installed_file_name = "installed-config.yaml";

// `yaml` with `retired: true` on the entry of `alias`, the rest of the text (comments, order)
// as it was; not_found when no store has that alias, bad_input when it is already retired.
Result<std::string> retired_in_yaml(const std::string& yaml, std::string_view alias);

// Retires `alias` in the config this host installed and installs the result.
Result<InstallOutcome> retire_store(CliContext& context, std::string_view alias, std::ostream& out,
                                    std::ostream& err);

} // namespace amzconn::refhost
