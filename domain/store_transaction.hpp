#pragma once

namespace authapi {

// What the repositories write on the calling thread between the start of a
// StoreTransaction and its commit() lands together or not at all; destroyed
// without commit(), it is all undone. For bulk writes such as an import.
class StoreTransaction {
public:
    virtual ~StoreTransaction() = default;
    // Throws StorageError when the store refuses the commit.
    virtual void commit() = 0;
};

}  // namespace authapi
