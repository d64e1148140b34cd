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

namespace {

// Each line of a migration's text, with its end of line, in order.
template <typename Visit>
void for_each_line(const std::string& text, Visit visit) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end + 1;
        visit(std::string_view(text.data() + start, end - start));
        start = end;
    }
}

// The line without its end of line and trailing spaces: how a marker line is read.
std::string_view trimmed(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
        line.remove_suffix(1);
    }
    return line;
}

}  // namespace

std::vector<MigrationPart> migration_parts(const Migration& migration) {
    static constexpr std::string_view kMarker = "-- @step ";
    std::vector<MigrationPart> parts;
    std::string sql;
    auto flush_sql = [&] {
        if (sql.find_first_not_of(" \t\r\n") != std::string::npos) parts.push_back({sql, {}});
        sql.clear();
    };
    for_each_line(migration.sql, [&](std::string_view line) {
        if (line.substr(0, kMarker.size()) == kMarker) {
            flush_sql();
            parts.push_back({{}, std::string(trimmed(line.substr(kMarker.size())))});
        } else {
            sql.append(line);
        }
    });
    flush_sql();
    return parts;
}

bool wants_foreign_keys_off(const Migration& migration) {
    bool wanted = false;
    for_each_line(migration.sql, [&](std::string_view line) {
        wanted = wanted || trimmed(line) == "-- @foreign_keys off";
    });
    return wanted;
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
