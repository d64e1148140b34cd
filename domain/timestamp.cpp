#include "timestamp.hpp"

#include <string>

namespace authapi {

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's
// algorithm): no dependence on the process time zone or on timegm().
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The inverse of days_from_civil.
struct CivilDate {
    std::int64_t year;
    unsigned month;
    unsigned day;
};
CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2), month, day};
}

bool is_leap(std::int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

}  // namespace

std::string format_timestamp(std::int64_t unix_seconds) {
    // By hand rather than gmtime_r and snprintf: glibc's gmtime_r takes a
    // process-wide lock (the time zone's), and this runs several times per
    // request on every HTTP thread.
    std::int64_t days = unix_seconds / 86400;
    std::int64_t rest = unix_seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    const auto [year, month, day] = civil_from_days(days);
    std::string text = "0000-00-00 00:00:00";
    auto put = [&text](std::size_t pos, std::size_t len, std::int64_t value) {
        for (std::size_t i = pos + len; i-- > pos;) {
            text[i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    if (year < 0 || year > 9999) {
        // Outside what four digits hold (not a time this service stores).
        text = std::to_string(year) + text.substr(4);
    } else {
        put(0, 4, year);
    }
    const std::size_t shift = text.size() - 19;
    put(shift + 5, 2, month);
    put(shift + 8, 2, day);
    put(shift + 11, 2, rest / 3600);
    put(shift + 14, 2, rest / 60 % 60);
    put(shift + 17, 2, rest % 60);
    return text;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
    // Exactly "YYYY-MM-DD HH:MM:SS"; 'T' accepted as the separator too.
    if (text.size() != 19) return std::nullopt;
    auto digits = [&](std::size_t pos, std::size_t len, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int y, mo, d, h, mi, s;
    if (!digits(0, 4, y) || text[4] != '-' || !digits(5, 2, mo) || text[7] != '-' ||
        !digits(8, 2, d) || (text[10] != ' ' && text[10] != 'T') || !digits(11, 2, h) ||
        text[13] != ':' || !digits(14, 2, mi) || text[16] != ':' || !digits(17, 2, s)) {
        return std::nullopt;
    }
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1) return std::nullopt;
    const int max_day = month_days[mo - 1] + (mo == 2 && is_leap(y) ? 1 : 0);
    if (d > max_day || h > 23 || mi > 59 || s > 59) return std::nullopt;
    return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
           h * 3600 + mi * 60 + s;
}

}  // namespace authapi
