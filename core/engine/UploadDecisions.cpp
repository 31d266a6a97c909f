#include "core/engine/UploadDecisions.h"

#include <algorithm>

namespace as::engine::upload {

using state::UploadStage;

Step nextStep(UploadStage stage)
{
    switch (stage) {
    case UploadStage::Queued: return Step::Encrypt;
    case UploadStage::Encrypted: return Step::Hash;
    case UploadStage::Hashed: return Step::Register;
    case UploadStage::Registered: return Step::SendContent;
    case UploadStage::Uploaded:
    case UploadStage::Done: return Step::SeedAndFinish;
    case UploadStage::Failed: break;
    }
    return Step::ReportEarlierFailure;
}

Aftermath afterFailure(UploadStage stage, ErrorCode code)
{
    Aftermath a;
    a.resumable = code == ErrorCode::Unavailable && stage != UploadStage::Queued;
    if (!a.resumable) {
        a.forgetObject = stage == UploadStage::Hashed || stage == UploadStage::Registered;
        a.withdrawFromDc = stage == UploadStage::Registered;
    }
    return a;
}

std::optional<int> dcRetryDelayMs(qint64 awayMs, int dcWaitSeconds, int retriesSoFar)
{
    if (awayMs > qint64(dcWaitSeconds) * 1000)
        return std::nullopt;
    return std::min(4000, 1000 << std::min(retriesSoFar, 2));
}

} // namespace as::engine::upload
