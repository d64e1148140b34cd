#include "migration_plan.hpp"

#include <algorithm>
#include <iterator>
#include <string>

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

}  // namespace authapi
