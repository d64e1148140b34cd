#pragma once

#include <SQLiteCpp/Exception.h>

#include <string_view>
#include <utility>

#include "user_repository.hpp"

namespace authapi {

// "<operation>: <sqlite message> (sqlite error <extended code>)".
StorageError storage_error(std::string_view operation, const SQLite::Exception& error);

// True for "UNIQUE constraint failed: <table>.<column>".
bool is_unique_violation(const SQLite::Exception& error, std::string_view table_column);

// Runs `work`, turning a SQLite::Exception into a StorageError that names
// `operation`. Other exceptions pass through unchanged.
template <typename Work>
decltype(auto) with_storage_context(std::string_view operation, Work&& work) {
    try {
        return std::forward<Work>(work)();
    } catch (const SQLite::Exception& error) {
        throw storage_error(operation, error);
    }
}

}  // namespace authapi
