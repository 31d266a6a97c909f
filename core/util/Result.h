#pragma once
// Errors as values: every fallible core operation returns Result<T> (or Status for no value).
// Exceptions never cross a module boundary, the alert pump or a Qt event loop.

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace as {

// Stable error classes. The DC maps them to HTTP status + problem type; the CLI to exit status 1.
enum class ErrorCode {
    InvalidArgument,   // malformed input from a user, a peer or a client
    NotFound,
    AlreadyExists,
    Unauthorized,      // no, bad or expired credentials
    Forbidden,         // authenticated, but not allowed
    Conflict,
    TooLarge,
    RangeNotSatisfiable,
    IntegrityFailure,  // hash, tag or signature mismatch
    Unavailable,       // a remote end is down or timed out; retry later
    NotKnownYet,       // the remote end does not know this yet but may soon (a DC reconciling after an outage):
                       // not final, ask elsewhere (the peers) or later
    Io,                // local disk: full, unwritable, vanished file
    Internal,
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

inline Error makeError(ErrorCode code, QString message) { return Error{code, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace as
