#include "engine/failpoint.hpp"

#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace amzconn::plugin {

#ifdef AMZCONN_FAILPOINTS

namespace {

struct Failpoints {
    std::mutex mutex;
    std::map<std::string, long, std::less<>> remaining; // hits left before the kill
};

// Parsed on first use (never in a static constructor), kept for the life of the process.
Failpoints* armed() {
    static Failpoints* points = [] {
        const char* spec = std::getenv("AMZCONN_FAILPOINTS");
        if (!spec || !*spec) {
            return static_cast<Failpoints*>(nullptr);
        }
        auto* parsed = new Failpoints;
        std::string text(spec);
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find(',', start);
            if (end == std::string::npos) {
                end = text.size();
            }
            const std::string item = text.substr(start, end - start);
            const size_t eq = item.find('=');
            const std::string name = item.substr(0, eq);
            const long count = eq == std::string::npos ? 1 : std::atol(item.c_str() + eq + 1);
            if (!name.empty() && count > 0) {
                parsed->remaining[name] = count;
            }
            start = end + 1;
        }
        return parsed;
    }();
    return points;
}

} // namespace

void failpoint(std::string_view name) {
    auto* points = armed();
    if (!points) {
        return;
    }
    std::lock_guard lock(points->mutex);
    auto it = points->remaining.find(name);
    if (it != points->remaining.end() && --it->second == 0) {
        std::raise(SIGKILL);
    }
}

#else

// A build without crash points (release, packaging): the environment cannot arm any.
void failpoint(std::string_view /*name*/) {}

#endif

bool failpoints_compiled() {
#ifdef AMZCONN_FAILPOINTS
    return true;
#else
    return false;
#endif
}

} // namespace amzconn::plugin
