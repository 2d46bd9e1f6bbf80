// A shared object that is not an amzconn plugin: it exports a function, but no entry point.
extern "C" __attribute__((visibility("default"))) int amzconn_something_else() {
    return 42;
}
