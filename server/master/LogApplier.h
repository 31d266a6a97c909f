#pragma once
// A standby's side of the change log (docs/outage.md): checks each entry of a page against the DC's key and
// the sequence, and applies it to the standby's replica (a MetadataStore of the same schema). Applying is
// idempotent and the applied sequence is recorded after each entry, so a kill -9 at any moment at worst
// applies one entry twice.

#include "core/protocol/Master.h"
#include "core/util/Result.h"

namespace as::server {

class MetadataStore;

struct ApplyOutcome {
    qint64 appliedSeq = 0; // the replica's sequence after the page
    int applied = 0; // entries applied from this page
};

// The sequence the replica holds (0 when new).
qint64 appliedSequence(MetadataStore& replica);
// The DC server id the replica's first page pinned; empty before any page (a standby's health names it).
QString pinnedServerId(MetadataStore& replica);

// Verifies and applies `page`. The first page pins the DC's key and server id in the replica; a page under
// another key, an entry with a bad signature or a gap in the sequence stops the apply with an error (entries
// before it stay applied). Entries at or below the replica's sequence are skipped.
Result<ApplyOutcome> applyLogPage(MetadataStore& replica, const protocol::LogPage& page);

} // namespace as::server
