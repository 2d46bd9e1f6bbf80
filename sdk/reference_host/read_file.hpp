// Reads a whole text file for a command, with a message that names the path when it cannot.
#pragma once

#include "amzconn/result.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace amzconn::refhost {

inline Result<std::string> read_text_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return Error{Status::bad_input, "cannot read " + file.string() + ": check the path"};
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace amzconn::refhost
