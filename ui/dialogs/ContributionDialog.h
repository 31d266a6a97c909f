#pragma once
// Asked once, on the first run with an account: may this computer hold other users' encrypted replicas, and
// how much disk may they take? Nothing is held before the answer; "Not now" keeps the capacity at 0 (the
// Contribution tab and Settings change it later).

#include <QDialog>

class QDoubleSpinBox;
class QPushButton;

namespace as::ui {

class ContributionDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultBytes = 10'000'000'000; // 10 GB

    explicit ContributionDialog(QWidget* parent = nullptr);

    // The capacity the user chose: the spin box's value after "Contribute", 0 after "Not now" (rejected).
    qint64 capacityBytes() const;
    void setCapacityBytes(qint64 bytes);

    QPushButton* contributeButton() const { return m_contribute; }
    QPushButton* notNowButton() const { return m_notNow; }

private:
    QDoubleSpinBox* m_capacity;
    QPushButton* m_contribute;
    QPushButton* m_notNow;
};

} // namespace as::ui
