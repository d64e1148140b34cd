#include "text_table.hpp"

#include <algorithm>

#include "visible_text.hpp"

namespace authapi {

namespace {

std::vector<std::string> visible_cells(std::vector<std::string> cells) {
    for (auto& cell : cells) cell = visible_text(cell);
    return cells;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> headers) {
    rows_.push_back(visible_cells(std::move(headers)));
}

void TextTable::add_row(std::vector<std::string> cells) {
    cells.resize(rows_.front().size());
    rows_.push_back(visible_cells(std::move(cells)));
}

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(rows_.front().size(), 0);
    for (const auto& row : rows_) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            widths[i] = std::max(widths[i], visible_width(row[i]));
        }
    }
    for (const auto& row : rows_) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line.append(widths[i] - visible_width(row[i]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
}

}  // namespace authapi
