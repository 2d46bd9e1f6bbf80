#include "secret_ref.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace amzconn::spapi {
namespace {

constexpr size_t k_max_secret_file = 64 * 1024;

std::string describe(const SecretRef& ref) {
    switch (ref.source) {
    case SecretSource::env:
        return "${env:" + ref.name + "}";
    case SecretSource::file:
        return "${file:" + ref.name + "}";
    case SecretSource::secret:
        return "${secret:" + ref.name + "}";
    }
    return "?";
}

bool valid_env_name(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
        return false;
    }
    for (char c : name) {
        bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<SecretRef> parse_secret_ref(std::string_view text) {
    auto bad = [](std::string why) {
        return Error{Status::bad_input,
                     why + ": write a credential as ${env:NAME}, ${file:/path} or ${secret:NAME}"};
    };
    if (text.size() < 4 || text.substr(0, 2) != "${" || text.back() != '}') {
        return bad("credential is not a reference");
    }
    std::string_view inner = text.substr(2, text.size() - 3);
    auto colon = inner.find(':');
    if (colon == std::string_view::npos) {
        return bad("credential reference has no source");
    }
    std::string_view kind = inner.substr(0, colon);
    std::string name(inner.substr(colon + 1));
    if (name.empty()) {
        return bad("credential reference has an empty name");
    }
    for (char c : name) {
        if (static_cast<unsigned char>(c) < 0x20) {
            return bad("credential reference contains a control character");
        }
    }
    if (kind == "env") {
        if (!valid_env_name(name)) {
            return bad("\"" + name + "\" is not a valid environment variable name");
        }
        return SecretRef{SecretSource::env, name};
    }
    if (kind == "file") {
        if (name[0] != '/') {
            return bad("secret file path \"" + name + "\" must be absolute");
        }
        return SecretRef{SecretSource::file, name};
    }
    if (kind == "secret") {
        return SecretRef{SecretSource::secret, name};
    }
    return bad("unknown credential source \"" + std::string(kind) + "\"");
}

Result<SecretString> resolve_secret(const SecretRef& ref, HostServices& host) {
    switch (ref.source) {
    case SecretSource::env: {
        const char* v = std::getenv(ref.name.c_str());
        if (v == nullptr || *v == '\0') {
            return Error{Status::bad_input, describe(ref) + ": environment variable is not set; "
                                                            "export it before starting the host"};
        }
        return SecretString(std::string_view(v));
    }
    case SecretSource::file: {
        int fd = ::open(ref.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            return Error{Status::bad_input, describe(ref) + ": cannot open (" +
                                                std::strerror(errno) +
                                                "); check the path and permissions"};
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            return Error{Status::bad_input, describe(ref) + ": not a regular file"};
        }
        if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
            ::close(fd);
            return Error{Status::bad_input,
                         describe(ref) + ": readable by group or others; run chmod 600 on it"};
        }
        if (st.st_size > static_cast<off_t>(k_max_secret_file)) {
            ::close(fd);
            return Error{Status::bad_input, describe(ref) + ": larger than 64 KiB"};
        }
        std::string buf(static_cast<size_t>(st.st_size), '\0');
        size_t got = 0;
        while (got < buf.size()) {
            ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
            if (n <= 0) {
                break;
            }
            got += static_cast<size_t>(n);
        }
        ::close(fd);
        SecretString wiper(std::move(buf));
        std::string_view v = wiper.reveal().substr(0, got);
        if (!v.empty() && v.back() == '\n') {
            v.remove_suffix(1);
        }
        if (!v.empty() && v.back() == '\r') {
            v.remove_suffix(1);
        }
        if (v.empty()) {
            return Error{Status::bad_input, describe(ref) + ": file is empty"};
        }
        return SecretString(v);
    }
    case SecretSource::secret: {
        auto r = host.secret_get(ref.name);
        if (!r) {
            return Error{r.error().status == Status::not_found ? Status::bad_input
                                                               : r.error().status,
                         describe(ref) + ": the host secret store has no such secret; add it "
                                         "there"};
        }
        SecretString s(std::move(r.value()));
        if (s.empty()) {
            return Error{Status::bad_input, describe(ref) + ": the secret is empty"};
        }
        return s;
    }
    }
    return Error{Status::internal, "unknown secret source"};
}

Result<SecretString> resolve_secret(std::string_view text, HostServices& host) {
    TRY_ASSIGN(auto ref, parse_secret_ref(text));
    return resolve_secret(ref, host);
}

} // namespace amzconn::spapi
