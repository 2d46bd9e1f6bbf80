#include "secret_store.hpp"

#include "host_settings.hpp"
#include "key_file.hpp"

namespace amzconn::refhost {

namespace {

constexpr std::string_view k_key_id = "secret_key_id";

struct StoredSecret {
    std::string name;
    std::string value;
};

Result<std::vector<StoredSecret>> stored_secrets(Database& db, std::string_view where) {
    TRY_ASSIGN(auto query, db.prepare("SELECT name, value FROM secrets " + std::string(where) +
                                      " ORDER BY name"));
    std::vector<StoredSecret> secrets;
    while (true) {
        TRY_ASSIGN(const bool row, query.step());
        if (!row) {
            return secrets;
        }
        secrets.push_back({query.column_text(0), query.column_text(1)});
    }
}

Outcome store_sealed(Database& db, std::string_view name, std::string_view sealed) {
    TRY_ASSIGN(auto upsert,
               db.prepare("INSERT INTO secrets (name, value, sealed) VALUES (?, ?, 1) "
                          "ON CONFLICT (name) DO UPDATE SET value = excluded.value, sealed = 1"));
    return upsert.bind(1, name).bind(2, sealed).run();
}

// Old WAL frames may still hold what was just overwritten; truncating the WAL drops them
// (secure_delete, set at open, zeroes freed space in the database file itself).
void drop_old_frames(Database& db) {
    (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

std::string if_lost(const Database& db) {
    return "; if the key is lost for good, run `amzconn-host --db " + db.path().string() +
           " secret reset` and set every secret again";
}

} // namespace

Error SecretStore::key_problem(Database& db, const std::string& recorded_id,
                               const std::optional<SecretKey>& found) const {
    const std::string sealed_with =
        "the secrets in " + db.path().string() + " are encrypted with key " + recorded_id;
    if (!found) {
        return Error{Status::bad_input,
                     sealed_with + " but the key file " + m_key_file.string() +
                         " does not exist: restore it from your backup, or name it with "
                         "--key-file FILE or $AMZCONN_KEY_FILE" +
                         if_lost(db)};
    }
    return Error{Status::bad_input, sealed_with + " but the key file " + m_key_file.string() +
                                        " holds key " + found->id() +
                                        ": name the right key file with --key-file FILE or "
                                        "$AMZCONN_KEY_FILE" +
                                        if_lost(db)};
}

Result<SecretKey> SecretStore::finish_rotation(const SecretKey& pending) {
    TRY(promote_pending_key_file(m_key_file));
    return pending;
}

Result<SecretKey> SecretStore::key(Database& db) {
    TRY_ASSIGN(const auto recorded, read_setting(db, k_key_id));
    TRY_ASSIGN(auto current, read_key_file(m_key_file));
    if (!recorded) {
        if (current) {
            return std::move(*current);
        }
        return write_key_file(m_key_file, SecretKey::generate(), true);
    }
    if (current && current->id() == *recorded) {
        return std::move(*current);
    }
    // A rotation that stopped after the database took the new key, before the key file did.
    TRY_ASSIGN(const auto pending, read_key_file(pending_key_file(m_key_file)));
    if (pending && pending->id() == *recorded) {
        return finish_rotation(*pending);
    }
    return key_problem(db, *recorded, current);
}

Result<size_t> SecretStore::seal_clear_text(Database& db) {
    // Read first: every open runs this, and the write lock is only needed once.
    TRY_ASSIGN(const auto unsealed, stored_secrets(db, "WHERE sealed = 0"));
    if (unsealed.empty()) {
        return size_t{0};
    }
    TRY_ASSIGN(auto txn, Transaction::begin(db));
    TRY_ASSIGN(const auto clear, stored_secrets(db, "WHERE sealed = 0"));
    if (clear.empty()) {
        return size_t{0};
    }
    TRY_ASSIGN(const auto sealing_key, key(db));
    for (const auto& secret : clear) {
        TRY(store_sealed(db, secret.name, seal_secret(sealing_key, secret.name, secret.value)));
    }
    TRY(write_setting(db, k_key_id, sealing_key.id()));
    TRY(txn.commit());
    drop_old_frames(db);
    return clear.size();
}

Result<std::optional<std::string>> SecretStore::get(Database& db, std::string_view name) {
    TRY_ASSIGN(auto query, db.prepare("SELECT value FROM secrets WHERE name = ?"));
    query.bind(1, name);
    TRY_ASSIGN(const bool found, query.step());
    if (!found) {
        return std::optional<std::string>{};
    }
    const std::string sealed = query.column_text(0);
    TRY_ASSIGN(const auto sealing_key, key(db));
    auto value = unseal_secret(sealing_key, name, sealed);
    if (!value) {
        return Error{Status::bad_input, value.error().message + " (key file " +
                                            m_key_file.string() +
                                            "): set it again with `amzconn-host secret set " +
                                            std::string(name) + "`"};
    }
    return std::optional<std::string>{std::move(*value)};
}

Outcome SecretStore::set(Database& db, std::string_view name, std::string_view value) {
    TRY_ASSIGN(auto txn, Transaction::begin(db));
    TRY_ASSIGN(const auto sealing_key, key(db));
    TRY(store_sealed(db, name, seal_secret(sealing_key, name, value)));
    TRY(write_setting(db, k_key_id, sealing_key.id()));
    return txn.commit();
}

Result<std::vector<std::string>> SecretStore::names(Database& db) {
    TRY_ASSIGN(const auto secrets, stored_secrets(db, ""));
    std::vector<std::string> names;
    for (const auto& secret : secrets) {
        names.push_back(secret.name);
    }
    return names;
}

Result<size_t> SecretStore::rotate_key(Database& db) {
    TRY_ASSIGN(auto txn, Transaction::begin(db));
    TRY_ASSIGN(const auto old_key, key(db));
    const SecretKey new_key = SecretKey::generate();
    // The new key is on disk before the database refers to it, so no crash loses it.
    TRY(write_key_file(pending_key_file(m_key_file), new_key, false));
    TRY_ASSIGN(const auto secrets, stored_secrets(db, ""));
    for (const auto& secret : secrets) {
        TRY_ASSIGN(const auto value, unseal_secret(old_key, secret.name, secret.value));
        TRY(store_sealed(db, secret.name, seal_secret(new_key, secret.name, value)));
    }
    TRY(write_setting(db, k_key_id, new_key.id()));
    TRY(txn.commit());
    TRY(finish_rotation(new_key));
    drop_old_frames(db);
    return secrets.size();
}

Result<size_t> SecretStore::reset(Database& db) {
    TRY_ASSIGN(auto txn, Transaction::begin(db));
    TRY_ASSIGN(auto erase, db.prepare("DELETE FROM secrets"));
    TRY(erase.run());
    const auto erased = static_cast<size_t>(db.changes());
    TRY(erase_setting(db, k_key_id));
    TRY(txn.commit());
    drop_old_frames(db);
    return erased;
}

} // namespace amzconn::refhost
