#include "cancel_watch.hpp"

#include "shutdown.hpp"

namespace amzconn::refhost {

namespace {
constexpr int64_t k_poll_ms = 100;
}

CancelWatch::CancelWatch(host::ConnectorHandle& connector)
    : m_thread([this, &connector] {
          while (!m_stop.load()) {
              if (!wait_unless_shutdown(k_poll_ms)) {
                  connector.cancel();
                  return;
              }
          }
      }) {}

CancelWatch::~CancelWatch() {
    m_stop.store(true);
    m_thread.join();
}

} // namespace amzconn::refhost
