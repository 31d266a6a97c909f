#include "ui/Icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QString>
#include <QSvgRenderer>

inline void initAmazingstoreResources()
{
    Q_INIT_RESOURCE(amazingstore);
}

namespace as::ui {
namespace {

// The action icons are drawn in one neutral grey (kNeutral in the SVG). This engine paints that grey in the
// palette's text colour at the time of painting, as themed icons do, so they keep full contrast in a light
// and a dark palette and follow a palette that changes while the app runs. Still vector: any scale.
class PaletteSvgIconEngine : public QIconEngine {
public:
    explicit PaletteSvgIconEngine(QString path)
        : m_path(std::move(path))
    { }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(tinted(mode));
        renderer.render(painter, rect);
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        QPixmap pm(size * scale);
        pm.fill(Qt::transparent);
        {
            QPainter p(&pm);
            paint(&p, QRect(QPoint(), pm.size()), mode, state);
        }
        pm.setDevicePixelRatio(scale);
        return pm;
    }
    QIconEngine* clone() const override { return new PaletteSvgIconEngine(m_path); }
    QString key() const override { return QStringLiteral("as-palette-svg"); }

private:
    static constexpr const char* kNeutral = "#808890";

    QByteArray tinted(QIcon::Mode mode) const
    {
        QFile f(m_path);
        QByteArray svg = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        const QPalette pal = QGuiApplication::palette();
        const QColor colour = mode == QIcon::Disabled ? pal.color(QPalette::Disabled, QPalette::WindowText)
            : mode == QIcon::Selected                 ? pal.color(QPalette::HighlightedText)
                                                      : pal.color(QPalette::WindowText);
        return svg.replace(kNeutral, colour.name().toLatin1());
    }

    QString m_path;
};

} // namespace

void initResources()
{
    initAmazingstoreResources();
}

QIcon appIcon()
{
    return QIcon(QStringLiteral(":/icons/amazingstore.svg"));
}

QIcon trayIcon(TrayState state)
{
    switch (state) {
    case TrayState::Normal:
        return QIcon(QStringLiteral(":/icons/tray-normal.svg"));
    case TrayState::Transferring:
        return QIcon(QStringLiteral(":/icons/tray-transferring.svg"));
    case TrayState::PeerOnly:
        return QIcon(QStringLiteral(":/icons/tray-p2p.svg"));
    case TrayState::Paused:
        return QIcon(QStringLiteral(":/icons/tray-paused.svg"));
    case TrayState::Error:
        return QIcon(QStringLiteral(":/icons/tray-error.svg"));
    case TrayState::SignedOut: // a pale cloud with a person: no account, so no DC to speak of
        return QIcon(QStringLiteral(":/icons/tray-signedout.svg"));
    }
    return appIcon();
}

QIcon actionIcon(const char* name)
{
    return QIcon(new PaletteSvgIconEngine(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))));
}

} // namespace as::ui
