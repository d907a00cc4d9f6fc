// System headers that Swift's Glibc module does not export (epoll), gathered for the load generator.
#ifndef C_LOADGEN_SUPPORT_H
#define C_LOADGEN_SUPPORT_H

#include <sys/epoll.h>

#endif
