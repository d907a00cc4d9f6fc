// System headers that Swift's Glibc module does not export (epoll, prctl), gathered for the load generator.
#ifndef C_LOADGEN_SUPPORT_H
#define C_LOADGEN_SUPPORT_H

#include <sys/epoll.h>
#include <sys/prctl.h>

/// Sets the calling thread's timer slack in nanoseconds (prctl is variadic, so Swift cannot call it).
/// Returns 0 on success, -1 with errno set on failure.
static inline int cloadgen_set_timer_slack(unsigned long nanos) {
    return prctl(PR_SET_TIMERSLACK, nanos, 0UL, 0UL, 0UL);
}

#endif
