// AMZCONN_EXPORT_CONNECTOR(factory): generates a plugin's amzc_plugin_v1 table, the C thunks over a
// ConnectorFactory (each catches everything: status + message into err) and the single exported
// entry point, a Boost.DLL alias named AMZC_ENTRY_POINT_NAME. Use it once, at global scope.
#pragma once

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif

#include "amzconn/abi.h"
#include "amzconn/connector.hpp"
#include "amzconn/host_api.hpp"
#include "amzconn/result.hpp"
#include "amzconn/sink.hpp"

#include <boost/dll/alias.hpp>
#include <exception>
#include <memory>
#include <string>
#include <utility>

namespace amzconn::detail {

// What an amzc_instance* really points at: a heap object the plugin creates and deletes.
struct PluginInstance {
    std::unique_ptr<Connector> connector;
};

inline PluginInstance* from_handle(amzc_instance* handle) noexcept {
    return reinterpret_cast<PluginInstance*>(handle);
}

inline amzc_status plugin_internal(amzc_sink err, const char* what, const char* fn) noexcept {
    try {
        write_to(err, std::string("plugin ") + fn + " failed unexpectedly: " + what +
                          " (a bug in the plugin; report it with the connection log)");
    } catch (...) {
        write_to(err, "plugin call failed unexpectedly (out of memory?)");
    }
    return AMZC_INTERNAL;
}

template <typename Body>
amzc_status plugin_guarded(amzc_sink err, const char* fn, Body&& body) noexcept {
    try {
        return body();
    } catch (const std::exception& e) {
        return plugin_internal(err, e.what(), fn);
    } catch (...) {
        return plugin_internal(err, "unknown exception", fn);
    }
}

// A Result<std::string> into the C convention: the value into out, or the message into err.
inline amzc_status deliver(const Result<std::string>& result, amzc_sink out, amzc_sink err) {
    if (result) {
        write_to(out, *result);
        return AMZC_OK;
    }
    write_to(err, result.error().message);
    return result.status() == Status::ok ? AMZC_INTERNAL : to_c(result.status());
}

inline amzc_status no_instance(amzc_sink err) {
    write_to(err, "no connector instance was passed (NULL): call create first");
    return AMZC_BAD_INPUT;
}

template <const ConnectorFactory& (*Factory)()>
struct PluginExports {
    static amzc_status manifest(amzc_sink out, amzc_sink err) noexcept {
        return plugin_guarded(err, "manifest", [&] {
            if (Factory().manifest == nullptr) {
                write_to(err, "this plugin has no manifest function");
                return AMZC_NOT_IMPLEMENTED;
            }
            return deliver(Factory().manifest(), out, err);
        });
    }

    static amzc_status validate_config(amzc_str file_name, amzc_str yaml, amzc_str context_json,
                                       amzc_sink out, amzc_sink err) noexcept {
        return plugin_guarded(err, "validate_config", [&] {
            if (Factory().validate_config == nullptr) {
                write_to(err, "this plugin has no validate_config function");
                return AMZC_NOT_IMPLEMENTED;
            }
            const auto result =
                Factory().validate_config(to_view(file_name), to_view(yaml), to_view(context_json));
            if (is_validation_report(result)) {
                // See validation_failed(): the report goes where a successful one would.
                write_to(out, result.error().message);
                write_to(err, "the config has errors: see the diagnostics in the report");
                return AMZC_BAD_INPUT;
            }
            return deliver(result, out, err);
        });
    }

    static amzc_status create(const amzc_host_v1* host, amzc_instance** out_instance,
                              amzc_sink err) noexcept {
        return plugin_guarded(err, "create", [&] {
            if (out_instance == nullptr) {
                write_to(err, "create needs somewhere to put the instance (out_instance is NULL)");
                return AMZC_BAD_INPUT;
            }
            *out_instance = nullptr;
            if (host == nullptr) {
                write_to(err, "create needs the host services table (host is NULL)");
                return AMZC_BAD_INPUT;
            }
            if (Factory().create == nullptr) {
                write_to(err, "this plugin has no create function");
                return AMZC_NOT_IMPLEMENTED;
            }
            auto made = Factory().create(HostApi{host});
            if (!made) {
                write_to(err, made.error().message);
                return made.status() == Status::ok ? AMZC_INTERNAL : to_c(made.status());
            }
            if (*made == nullptr) {
                write_to(err, "the plugin's create returned no connector (a bug in the plugin)");
                return AMZC_INTERNAL;
            }
            auto instance = std::make_unique<PluginInstance>();
            instance->connector = std::move(*made);
            *out_instance = reinterpret_cast<amzc_instance*>(instance.release());
            return AMZC_OK;
        });
    }

    static void destroy(amzc_instance* handle) noexcept { delete from_handle(handle); }

    static void cancel(amzc_instance* handle) noexcept {
        try {
            if (handle != nullptr) {
                from_handle(handle)->connector->cancel();
            }
        } catch (...) {
            // cancel is advisory; a failure to signal is not reported anywhere else
        }
    }

    static amzc_status install(amzc_instance* handle, amzc_str file_name, amzc_str yaml,
                               amzc_sink out, amzc_sink err) noexcept {
        return plugin_guarded(err, "install", [&] {
            if (handle == nullptr) {
                return no_instance(err);
            }
            return deliver(
                from_handle(handle)->connector->install(to_view(file_name), to_view(yaml)), out,
                err);
        });
    }

    static amzc_status list_stores(amzc_instance* handle, amzc_sink out, amzc_sink err) noexcept {
        return plugin_guarded(err, "list_stores", [&] {
            if (handle == nullptr) {
                return no_instance(err);
            }
            return deliver(from_handle(handle)->connector->list_stores(), out, err);
        });
    }

    static amzc_status set_store_open(amzc_instance* handle, amzc_str store, int32_t open,
                                      amzc_sink out, amzc_sink err) noexcept {
        return plugin_guarded(err, "set_store_open", [&] {
            if (handle == nullptr) {
                return no_instance(err);
            }
            return deliver(
                from_handle(handle)->connector->set_store_open(to_view(store), open != 0), out,
                err);
        });
    }

    static amzc_status check(amzc_instance* handle, amzc_str store, amzc_sink out,
                             amzc_sink err) noexcept {
        return plugin_guarded(err, "check", [&] {
            if (handle == nullptr) {
                return no_instance(err);
            }
            return deliver(from_handle(handle)->connector->check(to_view(store)), out, err);
        });
    }

    static amzc_status run_job(amzc_instance* handle, amzc_str job, amzc_str store,
                               amzc_str args_json, amzc_sink out, amzc_sink err) noexcept {
        return plugin_guarded(err, "run_job", [&] {
            if (handle == nullptr) {
                return no_instance(err);
            }
            return deliver(from_handle(handle)->connector->run_job(to_view(job), to_view(store),
                                                                   to_view(args_json)),
                           out, err);
        });
    }

    static amzc_status handle_event(amzc_instance* handle, amzc_str event_json, amzc_sink out,
                                    amzc_sink err) noexcept {
        return plugin_guarded(err, "handle_event", [&] {
            if (handle == nullptr) {
                return no_instance(err);
            }
            return deliver(from_handle(handle)->connector->handle_event(to_view(event_json)), out,
                           err);
        });
    }

    // The table is constant-initialised: nothing runs before the host calls the entry point.
    static constexpr amzc_plugin_v1 k_table = {
        sizeof(amzc_plugin_v1),
        AMZC_ABI_MAJOR,
        AMZC_ABI_MINOR,
        0,
        &manifest,
        &validate_config,
        &create,
        &destroy,
        &cancel,
        &install,
        &list_stores,
        &set_store_open,
        &check,
        &run_job,
        &handle_event,
        {},
    };

    // The host checks the versions in the returned table; the plugin does not refuse on its own.
    static const amzc_plugin_v1* entry(uint32_t /*host_abi_major*/, uint32_t /*host_abi_minor*/) {
        return &k_table;
    }
};

} // namespace amzconn::detail

// `factory_expr` names an amzconn::ConnectorFactory (a constant or a variable with static storage).
#define AMZCONN_EXPORT_CONNECTOR(factory_expr)                                                     \
    namespace amzconn_generated {                                                                  \
    namespace {                                                                                    \
    const ::amzconn::ConnectorFactory& connector_factory() {                                       \
        static const ::amzconn::ConnectorFactory amzconn_exported_factory = (factory_expr);        \
        return amzconn_exported_factory;                                                           \
    }                                                                                              \
    }                                                                                              \
    const amzc_plugin_v1* plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {         \
        return ::amzconn::detail::PluginExports<&connector_factory>::entry(host_abi_major,         \
                                                                           host_abi_minor);        \
    }                                                                                              \
    }                                                                                              \
    BOOST_DLL_ALIAS(amzconn_generated::plugin_entry, amzconn_plugin_entry)
