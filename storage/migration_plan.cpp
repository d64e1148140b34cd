#include "migration_plan.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "user_repository.hpp"

namespace authapi {

std::vector<const Migration*> in_version_order(const std::vector<Migration>& migrations) {
    std::vector<const Migration*> ordered;
    ordered.reserve(migrations.size());
    for (const Migration& migration : migrations) {
        ordered.push_back(&migration);
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const Migration* a, const Migration* b) { return a->version < b->version; });
    const auto repeated = std::adjacent_find(
        ordered.begin(), ordered.end(),
        [](const Migration* a, const Migration* b) { return a->version == b->version; });
    if (repeated != ordered.end()) {
        throw StorageError("migrations: version " + std::to_string((*repeated)->version) +
                           " is given twice ('" + (*repeated)->name + "' and '" +
                           (*std::next(repeated))->name + "')");
    }
    return ordered;
}

void refuse_unknown_versions(const std::set<int>& recorded,
                             const std::vector<const Migration*>& known) {
    for (const int version : recorded) {
        const bool is_known = std::any_of(
            known.begin(), known.end(), [&](const Migration* m) { return m->version == version; });
        if (!is_known) {
            throw StorageError("migrations: the database records schema version " +
                               std::to_string(version) +
                               ", which this binary does not know; it was migrated by a newer "
                               "release");
        }
    }
}

std::vector<MigrationPart> migration_parts(const Migration& migration) {
    static constexpr std::string_view kMarker = "-- @step ";
    std::vector<MigrationPart> parts;
    std::string sql;
    auto flush_sql = [&] {
        if (sql.find_first_not_of(" \t\r\n") != std::string::npos) parts.push_back({sql, {}});
        sql.clear();
    };
    std::size_t start = 0;
    while (start < migration.sql.size()) {
        std::size_t end = migration.sql.find('\n', start);
        end = end == std::string::npos ? migration.sql.size() : end + 1;
        const std::string_view line(migration.sql.data() + start, end - start);
        if (line.substr(0, kMarker.size()) == kMarker) {
            flush_sql();
            std::string_view name = line.substr(kMarker.size());
            while (!name.empty() &&
                   (name.back() == '\n' || name.back() == '\r' || name.back() == ' ')) {
                name.remove_suffix(1);
            }
            parts.push_back({{}, std::string(name)});
        } else {
            sql.append(line);
        }
        start = end;
    }
    flush_sql();
    return parts;
}

bool wants_foreign_keys_off(const Migration& migration) {
    static constexpr std::string_view kMarker = "-- @foreign_keys off";
    const std::string_view sql = migration.sql;
    for (std::size_t at = sql.find(kMarker); at != std::string_view::npos;
         at = sql.find(kMarker, at + 1)) {
        const std::size_t end = at + kMarker.size();
        const bool starts_line = at == 0 || sql[at - 1] == '\n';
        const bool ends_line = end == sql.size() || sql[end] == '\n' || sql[end] == '\r';
        if (starts_line && ends_line) return true;
    }
    return false;
}

void refuse_unknown_steps(const std::vector<const Migration*>& migrations,
                          const std::set<std::string>& steps) {
    for (const Migration* migration : migrations) {
        for (const MigrationPart& part : migration_parts(*migration)) {
            if (!part.step.empty() && steps.count(part.step) == 0) {
                throw StorageError("migration " + std::to_string(migration->version) + " '" +
                                   migration->name + "': no step '" + part.step +
                                   "' in this binary");
            }
        }
    }
}

}  // namespace authapi
