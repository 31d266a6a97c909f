// GET /s/{id}: the page a share link opens in a browser (docs/design.md §3). It shows only what the DC knows — the
// ciphertext size — and offers the amazingstore:// link. The file key sits in the URL fragment, which the
// browser never sends; a tiny inline script (allowed by its CSP hash, nothing else runs) appends the fragment
// to the app link. The base URL is --public-url, else this request's scheme and (validated) Host.
#include "server/auth/PasswordHash.h"
#include "server/http/Http.h"
#include "core/util/Units.h"

#include <QUrl>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

const char* const kScript = "(function(){var h=location.hash;if(/^#k=[A-Za-z0-9_-]{16,128}$/.test(h)){"
                            "var a=document.getElementById('open');a.href+=h;a.textContent=a.href;}})();";

bool validHost(const std::string& host)
{
    if (host.empty() || host.size() > 255)
        return false;
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            return false;
    return true;
}

QString authority(DcContext& ctx, const httplib::Request& req)
{
    if (!ctx.config.publicUrl.isEmpty()) {
        const QUrl u(ctx.config.publicUrl);
        return u.port() > 0 ? u"%1:%2"_s.arg(u.host()).arg(u.port()) : u.host();
    }
    const std::string host = req.get_header_value("Host");
    if (validHost(host))
        return QString::fromStdString(host);
    return u"%1:%2"_s.arg(ctx.config.host).arg(ctx.config.port);
}

void setPageHeaders(httplib::Response& res)
{
    static const std::string csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
        + sha256(QByteArray(kScript)).toBase64().toStdString() + "'; frame-ancestors 'none'"; // no clickjacking
    res.set_header("Content-Security-Policy", csp);
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-cache");
}

// A link that leads nowhere (a bad id, an object deleted by its owner) gets a page a person can read, not
// the API's problem+json.
void sendMissingPage(httplib::Response& res, int status, const QString& why)
{
    const QString html = u"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                         "<title>AmazingStore: no such file</title>"
                         "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;"
                         "line-height:1.5}</style></head><body><h1>This file is not here</h1><p>%1</p>"
                         "<p>Ask the person who shared it for a new link.</p></body></html>"_s.arg(why.toHtmlEscaped());
    setPageHeaders(res);
    res.status = status;
    res.set_content(html.toStdString(), "text/html; charset=utf-8");
}

void sharePage(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    auto id = pathId(req);
    if (!id)
        return sendMissingPage(res, 404, u"The link is damaged: its file id is not valid."_s);
    auto o = ctx.store.object(*id);
    if (!o && o.error().code == ErrorCode::NotFound)
        return sendMissingPage(res, 404, u"The file was deleted by its owner, or the link is wrong."_s);
    if (!o)
        return sendProblem(res, o.error());
    const QString host = authority(ctx, req).toHtmlEscaped();
    const QString appLink = u"amazingstore://%1/s/%2"_s.arg(host, *id);
    const QString size = util::formatBytes(o->size); // the one unit convention of the CLI and the tray
    const QString state = o->state == protocol::kStateAvailable
        ? u"Ready to download."_s
        : u"Still being uploaded by its owner; try again later."_s;
    const QString html
        = u"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>AmazingStore shared file</title>"
          "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}"
          "a.button{display:inline-block;padding:.6em 1.2em;background:#1565c0;color:#fff;border-radius:4px;"
          "text-decoration:none;word-break:break-all}code{background:#eee;padding:.1em .3em}</style></head><body>"
          "<h1>A file was shared with you</h1>"
          "<p>Encrypted file, %1 (%2 bytes). %3 Its name and contents are encrypted; only the AmazingStore app "
          "with the complete link can open them.</p>"
          "<p><a class=\"button\" id=\"open\" href=\"%4\">Open in AmazingStore</a></p>"
          "<h2>Don't have the app?</h2><p>Install <b>AmazingStore</b> (on Debian/Ubuntu: the <code>amazingstore</code> "
          "package), then click the button again — or paste this page's full address into "
          "<code>amazingstore-node get '&lt;link&gt;'</code>.</p>"
          "<script>%5</script></body></html>"_s.arg(
              size, QString::number(o->size), state, appLink, QString::fromLatin1(kScript));
    setPageHeaders(res);
    res.status = 200;
    res.set_content(html.toStdString(), "text/html; charset=utf-8");
}

} // namespace

void registerSharePageRoutes(Router& r)
{
    r.get("share_page", "/s/([^/]+)", sharePage);
}

} // namespace as::server
