// The sandbox clock: the real system clock, or a virtual clock that moves only when told (control
// API) or at --time-scale virtual seconds per real second. Thread-safe.
#pragma once

#include "time_util.hpp"

#include <chrono>
#include <mutex>

namespace amzconn::sandbox {

class Clock {
  public:
    // virtual_clock=false: now() is the system time plus any offset added by advance()/set().
    Clock(bool virtual_clock, Millis start, double time_scale);

    Millis now() const;
    void advance(Millis delta);
    void set(Millis t);
    void reset();
    bool is_virtual() const { return m_virtual; }

  private:
    Millis real_elapsed() const;

    bool m_virtual;
    Millis m_start;
    double m_scale;
    mutable std::mutex m_mutex;
    Millis m_offset = 0;
    std::chrono::steady_clock::time_point m_origin;
};

} // namespace amzconn::sandbox
