#pragma once
// Session-wide bandwidth and pause: what the tray's "slow mode" and the contribution settings drive.
// Calls return at once (libtorrent applies settings asynchronously).

#include "core/transfer/TransferTypes.h"

namespace as::transfer {

class BandwidthControl {
public:
    virtual ~BandwidthControl() = default;

    virtual void setLimits(const RateLimits& limits) = 0;
    virtual RateLimits limits() const = 0;
    virtual void setAlternativeLimits(const RateLimits& limits) = 0;
    virtual RateLimits alternativeLimits() const = 0;
    // Slow mode: the alternative limits replace the normal ones while enabled.
    virtual void setAlternativeLimitsEnabled(bool enabled) = 0;
    virtual bool alternativeLimitsEnabled() const = 0;

    virtual void pauseAll() = 0;
    virtual void resumeAll() = 0;
    virtual bool isPaused() const = 0;
};

} // namespace as::transfer
