// Loads the plugin (argv[1], else the installed one), prints its manifest's id, and checks one
// entity document with the SDK's validator: proof that the SDK component alone builds a host.
#include "amzconn/entities.hpp"
#include "amzconn/loader.hpp"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::string file =
        argc > 1 ? argv[1] : std::string(AMZCONN_PLUGIN_DIR) + "/libamzconn_plugin.so";
    auto library = amzconn::host::load_plugin(file);
    if (!library) {
        std::cerr << "tiny_host: " << library.error().message << "\n";
        return 1;
    }
    auto manifest = (*library)->manifest();
    if (!manifest) {
        std::cerr << "tiny_host: " << manifest.error().message << "\n";
        return 1;
    }
    const auto checked =
        amzconn::validate_entity("warehouse", R"({"code":"W1","name":"One","is_fba":false})");
    std::cout << "plugin dir " << AMZCONN_PLUGIN_DIR << "\n"
              << "abi " << (*library)->abi_major() << "." << (*library)->abi_minor() << "\n"
              << "manifest " << manifest->substr(0, 40) << "\n"
              << "entity check " << (checked ? "ok" : checked.error().message) << "\n";
    return 0;
}
