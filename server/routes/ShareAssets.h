#pragma once
// The share page's static assets (server/sharepage/, compiled in by cmake/EmbedFiles.cmake): its script, its OPFS
// writer, its service worker and its style sheet, served under /s/assets/ with the page's security headers.

#include "server/http/Http.h"

namespace as::server {

// The Content-Security-Policy of the share page: only this origin's script, style and fetches; no inline code.
const std::string& sharePageCsp();
// CSP, Referrer-Policy, nosniff, no-cache: every share page answer carries them.
void setSharePageHeaders(httplib::Response& res);

void registerShareAssetRoutes(Router& r);

} // namespace as::server
