#pragma once
// One account per name whatever its case or Unicode form (docs/dc-server.md, "Accounts"): `Alice` and
// `alice` are the same account, stored as its canonical name.

#include <QString>

namespace as::server {

inline QString canonicalUsername(const QString& name)
{
    return name.normalized(QString::NormalizationForm_KC).toCaseFolded();
}

} // namespace as::server
