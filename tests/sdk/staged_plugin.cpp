// StagedPlugin: mkdtemp + copy + explicit permissions; removes the directory afterwards.
#include "staged_plugin.hpp"

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace amzconn::testing {

namespace fs = std::filesystem;

StagedPlugin::StagedPlugin(const fs::path& built) {
    std::string pattern = (fs::temp_directory_path() / "amzconn-sdk-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    m_dir = fs::path(buffer.data());
    fs::permissions(m_dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    m_file = m_dir / built.filename();
    fs::copy_file(built, m_file);
    fs::permissions(m_file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
}

StagedPlugin::~StagedPlugin() {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

} // namespace amzconn::testing
