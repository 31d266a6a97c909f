#pragma once
// An upload's decisions (UploadJob, docs/design.md §5 "Upload") as pure functions of its saved stage and
// what went wrong, so resuming from each stage and what a failure leaves behind are unit-tested without a
// DC, a session or a clock (tests/engine/tst_engine_decisions.cpp).

#include "core/state/States.h"
#include "core/util/Result.h"

#include <optional>

namespace as::engine::upload {

// What a job started on a record at a stage does next: each step is redone whole, so a crash or an outage
// resumes with the step after the last saved stage.
enum class Step { Encrypt, Hash, Register, SendContent, SeedAndFinish, ReportEarlierFailure };
Step nextStep(state::UploadStage stage);

// What a failure at a stage leaves behind.
struct Aftermath {
    bool resumable = false;       // the stage is kept and the next start continues from it
    bool forgetObject = false;    // the half-made object leaves the profile (not in `ls`)
    bool withdrawFromDc = false;  // and the DC, once registered there (a link to it would lead nowhere)
};
// A DC that is away is not the file's fault: the stage is kept (unless nothing was done yet).
Aftermath afterFailure(state::UploadStage stage, ErrorCode code);

// Waiting for a DC that is away for a moment (a restart, a blip): the delay before the next try, or nothing
// once it has been away longer than `dcWaitSeconds` (the upload then stops, resumable; docs/node.md).
// DcClient already retried for ~2 s; from here on 1, 2, 4, 4, ... s between tries.
std::optional<int> dcRetryDelayMs(qint64 awayMs, int dcWaitSeconds, int retriesSoFar);

} // namespace as::engine::upload
