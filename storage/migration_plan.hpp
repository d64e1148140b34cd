#pragma once

#include <set>
#include <vector>

#include "migration.hpp"

namespace authapi {

// The rules every migration runner shares, whatever the database.

// Sorted by version. Throws StorageError when a version is given twice.
std::vector<const Migration*> in_version_order(const std::vector<Migration>& migrations);

// Throws StorageError when the database records a version this binary does not
// know: its schema is newer, and running old code against it could corrupt
// data.
void refuse_unknown_versions(const std::set<int>& recorded,
                             const std::vector<const Migration*>& known);

}  // namespace authapi
