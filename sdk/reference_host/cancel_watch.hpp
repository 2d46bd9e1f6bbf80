// Turns a shutdown request (SIGTERM/SIGINT) into ConnectorHandle::cancel() while plugin work runs,
// so a long job stops at its next safe point instead of being killed mid-page.
#pragma once

#include "amzconn/loader.hpp"

#include <atomic>
#include <thread>

namespace amzconn::refhost {

class CancelWatch {
  public:
    explicit CancelWatch(host::ConnectorHandle& connector);
    CancelWatch(const CancelWatch&) = delete;
    CancelWatch& operator=(const CancelWatch&) = delete;
    ~CancelWatch();

  private:
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace amzconn::refhost
