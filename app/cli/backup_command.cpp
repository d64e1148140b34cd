#include "cli/backup_command.hpp"

#include <iostream>

#include "cli/usage.hpp"
#include "sqlite_backup.hpp"
#include "user_repository.hpp"

namespace authapi {

int backup_command(const Config& config, const std::vector<std::string>& args) {
    if (args.size() != 2 || args[1].empty() || args[1][0] == '-') {
        std::cerr << "auth-api backup: expected the file to write\n";
        write_usage(std::cerr, "backup");
        return 2;
    }
    const std::string& file = args[1];
    if (config.database_url) {
        std::cerr << "auth-api backup: DATABASE_URL is set, so the data is in PostgreSQL, which "
                     "this command does not copy; use PostgreSQL's own tools, e.g. "
                     "pg_dump --format=custom --file="
                  << file << " \"$DATABASE_URL\" (restore with pg_restore)\n";
        return 1;
    }
    try {
        const SqliteBackupResult result = backup_sqlite_database(config.db_path, file);
        std::cout << "backed up " << config.db_path << " to " << file << " (" << result.bytes
                  << " bytes)\n";
        return 0;
    } catch (const StorageError& e) {
        std::cerr << "auth-api backup: " << e.what() << " (nothing written to " << file << ")\n";
        return 1;
    }
}

}  // namespace authapi
