// GET /s/{id}: the page a share link opens in a browser (docs/sharing.md). The DC renders only what it knows
// (the ciphertext size, whether the object is ready, where its bytes are); /s/assets/share.js opens the sealed
// name and size with the key from the URL fragment, which the browser never sends, and downloads, verifies and
// decrypts the file in the browser. No inline script: the CSP allows this origin's script only. The base URL of
// the "Open in AmazingStore" link is --public-url, else this request's scheme and (validated) Host.
#include "server/routes/ShareAssets.h"
#include "server/routes/ShareLinks.h"
#include "core/util/Units.h"

#include <QDateTime>
#include <QUrl>

namespace as::server {
using namespace Qt::Literals::StringLiterals;

namespace {

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

// A link that leads nowhere (a bad id, an object deleted by its owner) gets a page a person can read, not
// the API's problem+json.
void sendMissingPage(httplib::Response& res, int status, const QString& why)
{
    const QString html = u"<!doctype html><html lang=\"en\" data-state=\"error\"><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                         "<title>AmazingStore: no such file</title><link rel=\"stylesheet\" href=\"/s/assets/share.css\">"
                         "</head><body><h1>This file is not here</h1><p id=\"status\">%1</p>"
                         "<p>Ask the person who shared it for a new link.</p></body></html>"_s.arg(why.toHtmlEscaped());
    setSharePageHeaders(res);
    res.status = status;
    res.set_content(html.toStdString(), "text/html; charset=utf-8");
}

struct SharePageView {
    QString appLink; // amazingstore://HOST/s/ID (the script appends the fragment)
    QString dataPath; // where the ciphertext is fetched from; empty while it cannot be
    qint64 cipherSize = 0;
    QString notice; // why there is nothing to download yet, if so
    qint64 expiresAt = 0; // a link's end, 0: none
};

void sendSharePage(httplib::Response& res, const SharePageView& v)
{
    const QString status = v.notice.isEmpty() ? u"Opening the file…"_s : v.notice;
    const QString html
        = u"<!doctype html><html lang=\"en\" data-state=\"%1\"%2><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<meta name=\"referrer\" content=\"no-referrer\"><title>AmazingStore shared file</title>"
          "<link rel=\"stylesheet\" href=\"/s/assets/share.css\"><script src=\"/s/assets/ase1.js\" defer></script>"
          "<script src=\"/s/assets/pipeline.js\" defer></script>"
          "<script src=\"/s/assets/share.js\" defer></script>"
          "</head><body><h1>A file was shared with you</h1>"
          "<p><span id=\"name\">Encrypted file</span> · <span id=\"size\">%3 encrypted (%7 bytes)</span></p>"
          "%6<p id=\"status\" role=\"status\" aria-live=\"polite\">%4</p><progress id=\"progress\" hidden></progress>"
          "<p><button id=\"download\" type=\"button\" disabled>Download</button>"
          "<a class=\"button\" id=\"open\" href=\"%5\">Open in AmazingStore</a></p>"
          "<noscript><p>Downloading in the browser needs JavaScript; the AmazingStore app needs none.</p></noscript>"
          "<p>The file is decrypted in this browser with the key in the link, which is never sent to the server. "
          "The name and contents stay encrypted for everyone without the complete link.</p>"
          "<h2>Have the app?</h2><p><b>AmazingStore</b> (on Debian/Ubuntu: the <code>amazingstore</code> package) "
          "downloads from peers too: click “Open in AmazingStore”, or paste this page's full address into "
          "<code>amazingstore-node get '&lt;link&gt;'</code>.</p></body></html>"_s.arg(
              v.notice.isEmpty() ? u"loading"_s : u"unavailable"_s,
              v.dataPath.isEmpty() ? QString() : u" data-src=\"%1\""_s.arg(v.dataPath.toHtmlEscaped()),
              util::formatBytes(v.cipherSize), status.toHtmlEscaped(), v.appLink.toHtmlEscaped(),
              v.expiresAt > 0 ? u"<p id=\"expiry\">This link works until %1.</p>"_s.arg(
                  QDateTime::fromSecsSinceEpoch(v.expiresAt, Qt::UTC).toString(u"yyyy-MM-dd HH:mm 'UTC'"_s))
                              : QString(),
              QString::number(v.cipherSize));
    setSharePageHeaders(res);
    res.status = 200;
    res.set_content(html.toStdString(), "text/html; charset=utf-8");
}

// /s/{link}: a revocable link; its bytes come from /s/{link}/data, which checks the link on every request.
void linkPage(DcContext& ctx, const httplib::Request& req, httplib::Response& res, const QString& linkId)
{
    const LinkCheck check = checkLink(ctx, linkId);
    if (!check.valid) {
        if (check.valid.error().code != ErrorCode::NotFound)
            return sendProblem(res, check.valid.error());
        return sendMissingPage(res, check.gone ? 410 : 404,
            check.gone ? u"This link no longer works: %1."_s.arg(check.valid.error().message)
                       : u"There is no such link: it is mistyped or was never made."_s);
    }
    const ObjectRecord& o = check.valid->object;
    const bool ready = o.state == protocol::kStateAvailable;
    sendSharePage(res, { u"amazingstore://%1/s/%2"_s.arg(authority(ctx, req), linkId),
                           ready ? u"/s/%1/data"_s.arg(linkId) : QString(), o.size,
                           ready ? QString() : u"Still being uploaded by its owner; try again later."_s,
                           check.valid->link.expiresAt });
}

void sharePage(DcContext& ctx, const httplib::Request& req, httplib::Response& res)
{
    if (const QString raw = QString::fromStdString(req.matches[1]); protocol::isLinkId(raw))
        return linkPage(ctx, req, res, raw);
    auto id = pathId(req);
    if (!id)
        return sendMissingPage(res, 404, u"The link is damaged: its file id is not valid."_s);
    auto o = ctx.store.object(*id);
    if (!o && o.error().code == ErrorCode::NotFound)
        return sendMissingPage(res, 404, u"The file was deleted by its owner, or the link is wrong."_s);
    if (!o)
        return sendProblem(res, o.error());
    const QString appLink = u"amazingstore://%1/s/%2"_s.arg(authority(ctx, req), *id);
    const bool ready = o->state == protocol::kStateAvailable;
    sendSharePage(res, { appLink, ready ? u"/data/%1"_s.arg(*id) : QString(), o->size,
                           ready ? QString() : u"Still being uploaded by its owner; try again later."_s });
}

} // namespace

void registerSharePageRoutes(Router& r)
{
    registerShareAssetRoutes(r);
    registerShareLinkRoutes(r);
    r.get("share_page", "/s/([^/]+)", sharePage);
}

} // namespace as::server
