#pragma once
// On a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT), writes the signal and a raw backtrace to
// stderr, then dies of the same signal. An intermittent crash in a test or on a user's machine then leaves
// a stack to read (addresses resolve with `addr2line -e BINARY`) instead of a bare exit status.

namespace as::util {
void installCrashTrace(const char* programName);
}
