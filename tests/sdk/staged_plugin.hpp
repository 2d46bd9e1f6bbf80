// Test helper: copies a built plugin into a fresh private directory (0755, file 0755), so loads
// do not depend on the build tree's umask and tests can chmod their own copy.
#pragma once

#include "temp_dir.hpp"

#include <filesystem>

namespace amzconn::testing {

class StagedPlugin {
  public:
    explicit StagedPlugin(const std::filesystem::path& built);

    const std::filesystem::path& file() const { return m_file; }
    const std::filesystem::path& dir() const { return m_dir.path(); }

  private:
    TempDir m_dir;
    std::filesystem::path m_file;
};

} // namespace amzconn::testing
