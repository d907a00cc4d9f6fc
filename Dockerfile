# swiftcached in a container: built with the official Swift image for Debian 12 (bookworm), run on
# debian:bookworm-slim with only libevent's runtime libraries added, as a non-root user.
#
#   docker build -t swiftcached .
#   docker run -d --name cache -p 127.0.0.1:11211:11211 swiftcached            # default: -m 64
#   docker run -d --name cache -p 127.0.0.1:11211:11211 swiftcached -l 0.0.0.0 -p 11211 -U 0 -m 1024 -t 4
#
# memcached's protocol has no authentication: publish the port only on loopback or a private network.
# Checked by packaging/test-docker (build, run, set/get, non-root, graceful stop); see docs/deployment.md.

ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libevent-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first (pinned by Package.resolved), so a source change does not fetch them again.
COPY Package.swift Package.resolved ./
RUN swift package --scratch-path .build-static resolve
COPY Sources ./Sources
COPY Tests ./Tests
COPY packaging/build-release ./packaging/build-release
# The self-contained build: Swift runtime and C++ runtime static; the script fails unless ldd lists only
# libevent and glibc.
RUN packaging/build-release \
    && install -m 0755 .build-static/release/swiftcached /usr/local/bin/swiftcached \
    && strip /usr/local/bin/swiftcached

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libevent-core-2.1-7 libevent-pthreads-2.1-7 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 11211 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin swiftcached
COPY --from=build /usr/local/bin/swiftcached /usr/local/bin/swiftcached
# Fails the build if a library is missing in this image.
RUN /usr/local/bin/swiftcached -V
USER swiftcached:swiftcached
EXPOSE 11211
# memcached's graceful stop (with -e it also saves the cache for a warm restart); `docker stop` sends it.
STOPSIGNAL SIGUSR1
ENTRYPOINT ["/usr/local/bin/swiftcached"]
# Inside a container the server must listen on all of the container's interfaces to be reachable
# through a published port; what is reachable from outside is decided by `docker run -p`.
CMD ["-l", "0.0.0.0", "-p", "11211", "-U", "0", "-m", "64"]
