// GET /s/assets/{share,pipeline,ase1,decrypt,sw,opfs}.js and share.css: the share page's code, compiled into the
// DC so the page needs no third-party resource (docs/sharing.md).
#include "server/routes/ShareAssets.h"

#include <string_view>

namespace as::server {
namespace share_assets {
std::string_view embeddedFile(std::string_view name); // generated: ShareAssetsData.cpp
}

const std::string& sharePageCsp()
{
    static const std::string csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                                   "worker-src 'self'; frame-src 'self'; img-src 'self'; base-uri 'none'; "
                                   "form-action 'none'; frame-ancestors 'none'";
    return csp;
}

void setSharePageHeaders(httplib::Response& res)
{
    res.set_header("Content-Security-Policy", sharePageCsp());
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-cache");
}

namespace {

void shareAsset(DcContext&, const httplib::Request& req, httplib::Response& res)
{
    const std::string name = req.matches[1];
    const std::string_view body = share_assets::embeddedFile(name);
    if (body.empty())
        return sendProblem(res, makeError(ErrorCode::NotFound, QStringLiteral("no such asset")));
    const bool css = name.size() > 4 && name.compare(name.size() - 4, 4, ".css") == 0;
    setSharePageHeaders(res);
    res.status = 200;
    res.set_content(std::string(body), css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
}

} // namespace

void registerShareAssetRoutes(Router& r)
{
    r.get("share_asset", "/s/assets/(share\\.js|pipeline\\.js|ase1\\.js|decrypt\\.js|sw\\.js|opfs\\.js|share\\.css)", shareAsset);
}

} // namespace as::server
