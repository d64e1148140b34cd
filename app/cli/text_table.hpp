#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace authapi {

// A plain-text table for terminals: a header row, then one row per entry,
// columns padded to their widest cell and separated by two spaces. Cells hold
// what users typed (names, emails, User-Agents), so each is printed through
// visible_text(): a control character shows as an escape such as \x1b or \n,
// and can neither drive the terminal nor start a fake row.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> headers);
    void add_row(std::vector<std::string> cells);
    void print(std::ostream& out) const;

private:
    std::vector<std::vector<std::string>> rows_;  // escaped already
};

}  // namespace authapi
