// StagedPlugin: a copy in a TempDir with explicit permissions (the directory goes with it).
#include "staged_plugin.hpp"

namespace amzconn::testing {

namespace fs = std::filesystem;

StagedPlugin::StagedPlugin(const fs::path& built) : m_file(m_dir.path() / built.filename()) {
    const auto mode = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec;
    fs::permissions(m_dir.path(), mode);
    fs::copy_file(built, m_file);
    fs::permissions(m_file, mode);
}

} // namespace amzconn::testing
