#include "key_file.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace amzconn::refhost {

namespace {

// Closes a file descriptor on scope exit.
class Fd {
  public:
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int get() const { return m_fd; }

  private:
    int m_fd;
};

Error file_error(std::string_view what, const std::filesystem::path& file, int error_number) {
    return Error{Status::bad_input, std::string(what) + " key file " + file.string() + ": " +
                                        std::strerror(error_number) +
                                        " (check the directory, or name another file with "
                                        "--key-file FILE or $AMZCONN_KEY_FILE)"};
}

Outcome write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const auto written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return Error{Status::internal, std::strerror(errno)};
        }
        text.remove_prefix(static_cast<size_t>(written));
    }
    return {};
}

// A renamed or linked file survives a crash only once its directory is synced.
void sync_directory(const std::filesystem::path& file) {
    const auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) {
        ::fsync(fd.get());
    }
}

// A complete key file under a temporary name beside `file`.
Result<std::filesystem::path> write_temporary(const std::filesystem::path& file,
                                              const SecretKey& key) {
    std::filesystem::path temporary = file;
    temporary += ".tmp-" + std::to_string(::getpid());
    ::unlink(temporary.c_str());
    // 0600 at creation, so the key is never readable by others, whatever the umask.
    Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        return file_error("cannot create", file, errno);
    }
    const std::string text = key.to_text() + "\n";
    if (auto written = write_all(fd.get(), text); !written || ::fsync(fd.get()) != 0) {
        const int saved = errno;
        ::unlink(temporary.c_str());
        return file_error("cannot write", file, saved);
    }
    return temporary;
}

} // namespace

std::filesystem::path pending_key_file(const std::filesystem::path& file) {
    std::filesystem::path pending = file;
    pending += ".new";
    return pending;
}

Result<std::optional<SecretKey>> read_key_file(const std::filesystem::path& file) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            return std::optional<SecretKey>{};
        }
        return file_error("cannot read", file, errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return file_error("cannot read", file, errno);
    }
    if ((info.st_mode & S_IRWXO) != 0) {
        return Error{Status::bad_input, "key file " + file.string() +
                                            " can be read by every user: run `chmod 600 " +
                                            file.string() + "`"};
    }
    std::array<char, 256> buffer{};
    const auto size = ::read(fd.get(), buffer.data(), buffer.size());
    if (size < 0) {
        return file_error("cannot read", file, errno);
    }
    auto key = SecretKey::from_text(std::string_view(buffer.data(), static_cast<size_t>(size)));
    std::fill(buffer.begin(), buffer.end(), '\0');
    if (!key) {
        return Error{Status::bad_input, "key file " + file.string() + ": " + key.error().message};
    }
    return std::optional<SecretKey>{std::move(*key)};
}

Result<SecretKey> write_key_file(const std::filesystem::path& file, const SecretKey& key,
                                 bool exclusive) {
    TRY_ASSIGN(const auto temporary, write_temporary(file, key));
    // link() refuses an existing target, so two processes creating the key at once agree on one.
    const int placed = exclusive ? ::link(temporary.c_str(), file.c_str())
                                 : ::rename(temporary.c_str(), file.c_str());
    const int saved = errno;
    ::unlink(temporary.c_str());
    if (placed != 0 && exclusive && saved == EEXIST) {
        TRY_ASSIGN(auto existing, read_key_file(file));
        if (existing) {
            return std::move(*existing);
        }
    }
    if (placed != 0) {
        return file_error("cannot create", file, saved);
    }
    sync_directory(file);
    return key;
}

Outcome promote_pending_key_file(const std::filesystem::path& file) {
    if (::rename(pending_key_file(file).c_str(), file.c_str()) != 0) {
        return file_error("cannot replace", file, errno);
    }
    sync_directory(file);
    return {};
}

} // namespace amzconn::refhost
