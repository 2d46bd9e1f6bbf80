// Proves LeakSanitizer runs in the asan test preset, in the situation that used to crash its
// tracer: a process that has loaded the plugin (whose dynamic TLS the tracer scans) and leaks.
#include <cstdio>
#include <cstring>
#include <dlfcn.h>

namespace {

// Kept in a volatile global and then dropped, so the compiler cannot remove the allocation and
// nothing reachable points at it when the process exits.
char* volatile g_leak = nullptr;

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: amzconn_leak_probe PLUGIN.so\n");
        return 2;
    }
    void* plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (plugin == nullptr) {
        std::fprintf(stderr, "leak probe: cannot load %s: %s\n", argv[1], dlerror());
        return 2;
    }
    g_leak = new char[64];
    std::memset(g_leak, 'x', 64);
    g_leak = nullptr;
    std::printf("leak probe: plugin loaded, 64 bytes leaked\n");
    return 0;
}
