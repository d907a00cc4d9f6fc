// Shim that exposes libevent 2.1 to Swift.
// System headers come first: event2/event-config.h defines _GNU_SOURCE, and including it before
// <sys/select.h> makes a clean build fail with "'fds_bits' ... not present in definition of 'fd_set'".
#ifndef SWIFTCACHED_CLIBEVENT_SHIM_H
#define SWIFTCACHED_CLIBEVENT_SHIM_H

#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <event2/buffer.h>
#include <event2/http.h>

/// `evtimer_add` is a macro Swift cannot call.
static inline int swiftcached_evtimer_add(struct event *ev, const struct timeval *tv) {
    return event_add(ev, tv);
}

#endif
