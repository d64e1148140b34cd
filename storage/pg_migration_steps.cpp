// The C++ steps of the PostgreSQL migrations (see migration_parts()).
#include "email_address.hpp"
#include "email_key_fill.hpp"
#include "pg_migration_runner.hpp"

namespace authapi {

namespace {

constexpr int kPage = 1000;

// migrations/postgresql/0006_email_key.sql: every user's key, a page per
// statement, then the check that no two are equal.
void fill_email_keys(pqxx::transaction_base& transaction) {
    long long after = 0;
    for (;;) {
        const pqxx::result page = transaction.exec_params(
            "SELECT seq, email FROM users WHERE seq > $1 ORDER BY seq LIMIT $2", after, kPage);
        if (page.empty()) break;
        std::string values;
        for (const auto& row : page) {
            if (!values.empty()) values += ", ";
            values += "(" + std::to_string(row[0].as<long long>()) + ", " +
                      transaction.quote(email_key(row[1].as<std::string>())) + ")";
        }
        transaction.exec("UPDATE users SET email_key = v.key FROM (VALUES " + values +
                         ") AS v(seq, key) WHERE users.seq = v.seq");
        after = page[page.size() - 1][0].as<long long>();
        if (page.size() < static_cast<pqxx::result::size_type>(kPage)) break;
    }

    const pqxx::result colliding = transaction.exec(
        "SELECT id, email, email_key FROM users WHERE email_key IN "
        "(SELECT email_key FROM users GROUP BY email_key HAVING count(*) > 1) "
        "ORDER BY email_key, seq");
    std::vector<StoredEmail> rows;
    for (const auto& row : colliding) {
        rows.push_back(
            {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
    }
    if (!rows.empty()) refuse_email_collisions(rows);
}

}  // namespace

const PgMigrationSteps& postgresql_migration_steps() {
    static const PgMigrationSteps steps{{"fill_email_keys", fill_email_keys}};
    return steps;
}

}  // namespace authapi
