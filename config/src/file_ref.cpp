#include "file_ref.hpp"

#include <filesystem>
#include <sys/stat.h>

namespace amzconn::config::detail {

namespace {

std::optional<std::string> lexical_problem(std::string_view path, std::string_view what) {
    if (!path.starts_with('/')) {
        return std::string(what) + " needs an absolute path";
    }
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, end - start);
        if (part == "." || part == ".." || (part.empty() && end < path.size())) {
            return std::string(what) +
                   " path must not hold '.', '..' or '//' parts; write the direct absolute path "
                   "of the file";
        }
        start = end + 1;
    }
    if (path.ends_with('/')) {
        return std::string(what) + " must name a file, not a folder";
    }
    return std::nullopt;
}

// The innermost existing folder that is a symbolic link or writable by group or others.
std::optional<std::string> folder_problem(std::string_view path) {
    std::string folder(path.substr(0, path.rfind('/')));
    while (!folder.empty()) {
        struct stat st {};
        if (::lstat(folder.c_str(), &st) == 0) {
            if (S_ISLNK(st.st_mode)) {
                return "folder " + folder +
                       " is a symbolic link; secret files must be reached through real "
                       "folders: write the path it points to";
            }
            if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
                return "folder " + folder +
                       " can be written by other users (group or world-writable); keep secret "
                       "files in a folder only its owner can write";
            }
        }
        folder.resize(folder.rfind('/'));
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> file_ref_problem(std::string_view path) {
    if (auto problem = lexical_problem(path, "a ${file:...} reference")) {
        return problem;
    }
    return folder_problem(path);
}

std::optional<std::string> existing_file_problem(std::string_view path, std::string_view what) {
    if (auto problem = lexical_problem(path, what)) {
        return problem;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(path), ec)) {
        return std::string(what) + " " + std::string(path) +
               " is not an existing file; check the path";
    }
    return std::nullopt;
}

} // namespace amzconn::config::detail
