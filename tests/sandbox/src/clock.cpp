#include "clock.hpp"

namespace amzconn::sandbox {

namespace {
Millis system_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
} // namespace

Clock::Clock(bool virtual_clock, Millis start, double time_scale)
    : m_virtual(virtual_clock), m_start(start), m_scale(time_scale),
      m_origin(std::chrono::steady_clock::now()) {}

Millis Clock::real_elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 m_origin)
        .count();
}

Millis Clock::now() const {
    std::lock_guard lock(m_mutex);
    if (!m_virtual) {
        return system_now() + m_offset;
    }
    const auto scaled = static_cast<Millis>(static_cast<double>(real_elapsed()) * m_scale);
    return m_start + m_offset + scaled;
}

void Clock::advance(Millis delta) {
    std::lock_guard lock(m_mutex);
    m_offset += delta;
}

void Clock::set(Millis t) {
    const Millis current = now();
    std::lock_guard lock(m_mutex);
    m_offset += t - current;
}

void Clock::reset() {
    std::lock_guard lock(m_mutex);
    m_offset = 0;
    m_origin = std::chrono::steady_clock::now();
}

} // namespace amzconn::sandbox
