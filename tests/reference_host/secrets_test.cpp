// Secrets at rest: private file modes, values never in clear text in the database files, key
// rotation, and a missing or wrong key named with what to do.
#include "child_process.hpp"
#include "refhost_test_support.hpp"
#include "schema.hpp"
#include "sqlite_db.hpp"
#include "sqlite_host.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

using namespace amzconn;
using namespace amzconn::refhost;
using refhost_test::contains;
using refhost_test::k_host;
using refhost_test::open_host;

namespace {

const std::string k_canary = "CANARY-7f3a9c-Atzr|refresh-token";

std::filesystem::path with_suffix(const std::filesystem::path& file, const std::string& suffix) {
    return file.string() + suffix;
}

std::string read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const std::filesystem::path& file) {
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

// No file of the database (main, -wal, -shm) holds the canary in clear text.
void check_no_clear_text(const std::filesystem::path& db) {
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        CAPTURE(suffix);
        const auto file = with_suffix(db, suffix);
        if (std::filesystem::exists(file)) {
            CHECK(read_bytes(file).find("CANARY-7f3a9c") == std::string::npos);
        }
    }
}

// Restores the umask when the test ends.
class Umask {
  public:
    explicit Umask(mode_t mask) : m_saved(::umask(mask)) {}
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;
    ~Umask() { ::umask(m_saved); }

  private:
    mode_t m_saved;
};

testing::ProcessResult host_cli(const std::filesystem::path& db, std::vector<std::string> args,
                                const std::string& stdin_text = "") {
    std::vector<std::string> argv = {k_host, "--db", db.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = testing::run_process(argv, {.stdin_text = stdin_text});
    INFO("stderr: " << result.err);
    return result;
}

} // namespace

TEST_CASE(
    "reference_host: the database, -wal, -shm and key file are created 0600 whatever the umask") {
    testing::TempDir dir;
    const Umask lenient(022);
    const auto db = dir / "host.db";
    auto host = open_host(db);
    REQUIRE(host->secret_set("token", "value").ok());
    REQUIRE(host->state_put("ns", "k", "v", -1).ok());
    for (const std::string suffix : {"", "-wal", "-shm", ".key"}) {
        CAPTURE(suffix);
        CHECK(mode_of(with_suffix(db, suffix)) == 0600);
    }
}

TEST_CASE(
    "reference_host: a database an older host left readable by others is made private on open") {
    testing::TempDir dir;
    const auto db = dir / "host.db";
    open_host(db).reset();
    std::filesystem::permissions(db, std::filesystem::perms(0644));
    auto host = open_host(db);
    CHECK(mode_of(db) == 0600);
}

TEST_CASE("reference_host: a secret value never appears in clear text in the database files") {
    testing::TempDir dir;
    const auto db = dir / "host.db";
    {
        auto host = open_host(db);
        REQUIRE(host->secret_set("uk1-refresh", k_canary).ok());
        check_no_clear_text(db); // -wal and -shm exist while the host is open
        CHECK(host->secret_get("uk1-refresh").value_or("") == k_canary);
    }
    check_no_clear_text(db);
    CHECK(open_host(db)->secret_get("uk1-refresh").value_or("") == k_canary);
}

TEST_CASE("reference_host: clear-text secrets of a schema 3 database are encrypted on open") {
    testing::TempDir dir;
    const auto db = dir / "host.db";
    open_host(db).reset();
    {
        // Back to what an older amzconn-host wrote: schema 3, the value in clear text.
        auto raw = Database::open(db);
        REQUIRE(raw.ok());
        REQUIRE(raw->exec("DELETE FROM schema_version WHERE version >= 4; "
                          "ALTER TABLE secrets DROP COLUMN sealed; "
                          "ALTER TABLE schedules DROP COLUMN retry_at_ms;")
                    .ok());
        auto insert = raw->prepare("INSERT INTO secrets (name, value) VALUES ('legacy', ?)");
        REQUIRE(insert.ok());
        REQUIRE(insert->bind(1, k_canary).run().ok());
    }
    REQUIRE(read_bytes(db).find("CANARY-7f3a9c") != std::string::npos); // the test's premise
    {
        auto host = open_host(db);
        CHECK(host->schema_version().value_or(0) == current_schema_version());
        CHECK(host->secret_get("legacy").value_or("") == k_canary);
        check_no_clear_text(db);
    }
    check_no_clear_text(db);
    CHECK(std::filesystem::exists(with_suffix(db, ".key")));
}

TEST_CASE("reference_host: secret rotate-key re-encrypts every secret and keeps each readable") {
    testing::TempDir dir;
    const auto db = dir / "host.db";
    const auto key = with_suffix(db, ".key");
    for (const std::string name : {"a", "b", "c"}) {
        REQUIRE(host_cli(db, {"secret", "set", name}, "value-" + name + "\n").exit_code == 0);
    }
    const std::string old_key = read_bytes(key);
    auto rotated = host_cli(db, {"secret", "rotate-key"});
    REQUIRE(rotated.exit_code == 0);
    CHECK(contains(rotated.out, "re-encrypted 3 secret(s)"));
    CHECK(read_bytes(key) != old_key);
    CHECK(mode_of(key) == 0600);
    CHECK_FALSE(std::filesystem::exists(with_suffix(key, ".new")));
    {
        auto host = open_host(db);
        for (const std::string name : {"a", "b", "c"}) {
            CHECK(host->secret_get(name).value_or("") == "value-" + name);
        }
    }
    // The old key no longer opens anything.
    const auto old_file = dir / "old.key";
    std::ofstream(old_file) << old_key;
    std::filesystem::permissions(old_file, std::filesystem::perms(0600));
    auto refused = host_cli(db, {"--key-file", old_file.string(), "secret", "set", "d"}, "x\n");
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.err, "name the right key file"));
}

TEST_CASE(
    "reference_host: a rotation interrupted after the database took the new key is finished") {
    testing::TempDir dir;
    const auto db = dir / "host.db";
    const auto key = with_suffix(db, ".key");
    REQUIRE(open_host(db)->secret_set("token", k_canary).ok());
    const std::string old_key = read_bytes(key);
    REQUIRE(open_host(db)->rotate_secret_key().ok());
    // The crash: the new key only in key.new, the old one still in the key file.
    const std::string new_key = read_bytes(key);
    std::ofstream(with_suffix(key, ".new")) << new_key;
    std::filesystem::permissions(with_suffix(key, ".new"), std::filesystem::perms(0600));
    std::ofstream(key, std::ios::trunc) << old_key;
    CHECK(open_host(db)->secret_get("token").value_or("") == k_canary);
    CHECK(read_bytes(key) == new_key);
    CHECK_FALSE(std::filesystem::exists(with_suffix(key, ".new")));
}

TEST_CASE(
    "reference_host: a missing, wrong or world-readable key file is refused saying what to do") {
    testing::TempDir dir;
    const auto db = dir / "host.db";
    const auto key = with_suffix(db, ".key");
    REQUIRE(host_cli(db, {"secret", "set", "token"}, "value\n").exit_code == 0);
    const std::string saved = read_bytes(key);

    std::filesystem::remove(key);
    auto missing = open_host(db)->secret_get("token");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status() == Status::bad_input);
    CHECK(contains(missing.error().message, "the key file " + key.string() + " does not exist"));
    CHECK(contains(missing.error().message, "restore it from your backup"));
    CHECK(contains(missing.error().message, "secret reset"));
    // A new secret is refused too rather than sealed with a new key the others do not share.
    auto not_set = host_cli(db, {"secret", "set", "other"}, "v\n");
    CHECK(not_set.exit_code == 1);
    CHECK(contains(not_set.err, "does not exist"));
    CHECK_FALSE(std::filesystem::exists(key));

    std::ofstream(key) << "bm90IHRoZSBrZXkgYnV0IDMyIGJ5dGVzIGxvbmcgISE=\n";
    std::filesystem::permissions(key, std::filesystem::perms(0600));
    auto wrong = open_host(db)->secret_get("token");
    REQUIRE_FALSE(wrong.ok());
    CHECK(contains(wrong.error().message, "holds key"));

    std::ofstream(key, std::ios::trunc) << saved;
    std::filesystem::permissions(key, std::filesystem::perms(0644));
    auto readable = open_host(db)->secret_get("token");
    REQUIRE_FALSE(readable.ok());
    CHECK(contains(readable.error().message, "chmod 600"));
    std::filesystem::permissions(key, std::filesystem::perms(0600));
    CHECK(open_host(db)->secret_get("token").value_or("") == "value");

    // The way out when the key is lost: reset, then set again.
    std::filesystem::remove(key);
    CHECK(host_cli(db, {"secret", "reset"}).exit_code == 1); // needs --yes
    REQUIRE(host_cli(db, {"secret", "reset", "--yes"}).exit_code == 0);
    REQUIRE(host_cli(db, {"secret", "set", "token"}, "again\n").exit_code == 0);
    CHECK(open_host(db)->secret_get("token").value_or("") == "again");
}
