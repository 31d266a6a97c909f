#include "ui/DropZone.h"

#include "ui/EngineActions.h"

#include <QDragEnterEvent>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>

namespace as::ui {

DropZone::DropZone(QWidget* parent) : QFrame(parent)
{
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Sunken);
    setMinimumHeight(64);
    setAccessibleName(tr("Drop zone"));
    setAccessibleDescription(tr("Drop files here to encrypt and upload them, or a share link to download it"));

    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignCenter);
    m_button = new QPushButton(QIcon(QStringLiteral(":/icons/upload.svg")), tr("&Upload…"), this);
    m_button->setToolTip(tr("Choose files to encrypt and upload (Ctrl+U)"));
    connect(m_button, &QPushButton::clicked, this, &DropZone::uploadRequested);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_button);
    showIdle();
}

DropZone::Plan DropZone::planFor(const QMimeData* mime)
{
    Plan plan;
    if (!mime)
        return plan;
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile()) {
            const QFileInfo fi(url.toLocalFile());
            if (fi.isDir())
                ++plan.skippedFolders;
            else if (fi.isFile())
                plan.files << fi.absoluteFilePath();
        } else if (EngineActions::looksLikeLink(url.toString(QUrl::FullyEncoded))) {
            plan.links << url.toString(QUrl::FullyEncoded);
        }
    }
    if (plan.empty() && mime->hasText()) {
        for (const QString& line : mime->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (EngineActions::looksLikeLink(line.trimmed()))
                plan.links << line.trimmed();
    }
    return plan;
}

void DropZone::showIdle()
{
    m_text->setText(tr("Drop files here to encrypt and upload them — or a share link to download it."));
}

void DropZone::setHighlighted(bool on)
{
    // The palette's highlight colour, so light and dark themes both work.
    setForegroundRole(on ? QPalette::HighlightedText : QPalette::WindowText);
    setBackgroundRole(on ? QPalette::Highlight : QPalette::Window);
    setAutoFillBackground(on);
    m_text->setForegroundRole(on ? QPalette::HighlightedText : QPalette::WindowText);
}

void DropZone::dragEnterEvent(QDragEnterEvent* e)
{
    const Plan plan = planFor(e->mimeData());
    if (plan.empty()) {
        if (plan.skippedFolders > 0)
            m_text->setText(tr("Folders cannot be uploaded yet; drop the files inside them."));
        e->ignore();
        return;
    }
    QStringList parts;
    if (!plan.files.isEmpty())
        parts << tr("Drop to encrypt and upload %n file(s)", nullptr, int(plan.files.size()));
    if (!plan.links.isEmpty())
        parts << tr("Drop to download %n shared file(s)", nullptr, int(plan.links.size()));
    if (plan.skippedFolders > 0)
        parts << tr("%n folder(s) will be skipped", nullptr, plan.skippedFolders);
    m_text->setText(parts.join(QStringLiteral(" · ")));
    setHighlighted(true);
    e->acceptProposedAction();
}

void DropZone::dragMoveEvent(QDragMoveEvent* e) { e->acceptProposedAction(); }

void DropZone::dragLeaveEvent(QDragLeaveEvent* e)
{
    setHighlighted(false);
    showIdle();
    QFrame::dragLeaveEvent(e);
}

void DropZone::dropEvent(QDropEvent* e)
{
    setHighlighted(false);
    showIdle();
    const Plan plan = planFor(e->mimeData());
    if (plan.empty()) {
        e->ignore();
        return;
    }
    e->acceptProposedAction();
    if (!plan.files.isEmpty())
        emit filesDropped(plan.files);
    if (!plan.links.isEmpty())
        emit linksDropped(plan.links);
}

void DropZone::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) {
        showIdle();
        m_button->setText(tr("&Upload…"));
    }
    QFrame::changeEvent(e);
}

} // namespace as::ui
