#include "core/util/CrashTrace.h"

#include <csignal>
#include <cstring>
#include <execinfo.h>
#include <initializer_list>
#include <unistd.h>

namespace as::util {
namespace {
const char* g_program = "amazingstore";

// Only async-signal-safe calls in here: write(2), backtrace_symbols_fd (no malloc once backtrace() was
// called before, which installCrashTrace does to load libgcc up front).
void onFatal(int sig)
{
    const char* name = sig == SIGSEGV ? "SIGSEGV"
        : sig == SIGBUS               ? "SIGBUS"
        : sig == SIGILL               ? "SIGILL"
        : sig == SIGFPE               ? "SIGFPE"
                                      : "SIGABRT";
    auto say = [](const char* s) { [[maybe_unused]] auto n = ::write(STDERR_FILENO, s, std::strlen(s)); };
    say(g_program);
    say(": fatal signal ");
    say(name);
    say(", backtrace:\n");
    void* frames[64];
    const int n = ::backtrace(frames, 64);
    ::backtrace_symbols_fd(frames, n, STDERR_FILENO);
    std::signal(sig, SIG_DFL); // die of it, so the parent sees the real cause
    ::raise(sig);
}
} // namespace

void installCrashTrace(const char* programName)
{
    g_program = programName;
    void* warmUp[1];
    (void)::backtrace(warmUp, 1);
    // A stack of its own (main thread), so that a stack overflow still gets its trace.
    static char altStack[64 * 1024];
    stack_t ss { };
    ss.ss_sp = altStack;
    ss.ss_size = sizeof altStack;
    (void)::sigaltstack(&ss, nullptr);
    struct sigaction sa { };
    sa.sa_handler = onFatal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
    for (int sig : { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT })
        ::sigaction(sig, &sa, nullptr);
}
} // namespace as::util
