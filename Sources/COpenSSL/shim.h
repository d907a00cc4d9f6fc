// Shim that exposes the system OpenSSL 3 (libssl-dev) to Swift, for TLS (-Z). Only declarations and
// thin wrappers around OpenSSL's function-like macros live here; all cryptography is OpenSSL's.
// System headers come first, as in CLibevent's shim (a clean build must not depend on include order).
#ifndef SWIFTCACHED_COPENSSL_SHIM_H
#define SWIFTCACHED_COPENSSL_SHIM_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include <openssl/ssl.h>
#include <openssl/err.h>

/// `SSL_CTX_set_min_proto_version` is a macro. `level` is memcached's 0-3 (tlsv1.0 ... tlsv1.3).
static inline int swiftcached_ssl_ctx_set_min_level(SSL_CTX *ctx, int level) {
    static const int versions[4] = { TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION };
    if (level < 0 || level > 3) return 0;
    return (int)SSL_CTX_set_min_proto_version(ctx, versions[level]);
}

/// memcached's server defaults: no renegotiation, TLS buffers released while a connection is idle.
/// Plus what a non-blocking writer from a compacting buffer needs: a retried SSL_write may pass the same
/// bytes at a new address, and a write may complete record by record.
static inline void swiftcached_ssl_ctx_server_defaults(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
                              | SSL_MODE_ENABLE_PARTIAL_WRITE);
}

/// `-o ssl_kernel_tls`: OpenSSL offloads record encryption to the kernel where it can.
static inline void swiftcached_ssl_ctx_enable_ktls(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_ENABLE_KTLS);
}

/// `-o ssl_session_cache` on: a server-side session cache (memcached's session id context) and a
/// callback per new session; off: no cache. Both calls are macros.
static inline void swiftcached_ssl_ctx_session_cache(SSL_CTX *ctx, int enabled,
                                                     int (*callback)(SSL *, SSL_SESSION *)) {
    if (enabled) {
        static const unsigned char context[] = "memcached";
        SSL_CTX_sess_set_new_cb(ctx, callback);
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
        SSL_CTX_set_session_id_context(ctx, context, sizeof(context) - 1);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    }
}

/// `SSL_CTX_set_app_data` / `SSL_CTX_get_app_data` are macros.
static inline void swiftcached_ssl_ctx_set_app_data(SSL_CTX *ctx, void *data) {
    SSL_CTX_set_ex_data(ctx, 0, data);
}
static inline void *swiftcached_ssl_get_ctx_app_data(const SSL *ssl) {
    return SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), 0);
}

/// Prints and drains this thread's OpenSSL error queue on stderr (Swift cannot name C's `stderr`).
static inline void swiftcached_err_print_stderr(void) {
    ERR_print_errors_fp(stderr);
}

#endif
