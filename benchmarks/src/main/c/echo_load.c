/*
 * echo_load: one-thread, non-blocking (epoll) load generator for a 64-byte echo ping-pong.
 *
 *   echo_load -p PORT -c CONNS -d SECONDS           measure: each connection sends 64 bytes,
 *                                                   waits for the same 64 back (checked byte for
 *                                                   byte), records the round trip, repeats
 *   echo_load -p PORT -c CONNS -i HOLD_SECONDS      idle: one echo per connection, print READY,
 *                                                   hold the connections open, exit
 *
 * Prints one line: RESULT rts=.. rps=.. p50_us=.. p99_us=.. errors=.. load_cpu_pct=..
 * Compiled at run time by benchmarks/bin/lib.sh (gcc -O2).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define HIST_US 2000000 /* 1 µs buckets up to 2 s */

struct conn {
    int fd;
    int got;           /* bytes of the current echo received */
    uint64_t seq;
    uint64_t sent_ns;
    unsigned char out[MSG];
    unsigned char in[MSG];
};

static uint32_t *hist;
static uint64_t hist_over;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void fill(struct conn *c, int id) {
    memset(c->out, 'a' + (id % 26), MSG);
    memcpy(c->out, &c->seq, sizeof c->seq);
    memcpy(c->out + 8, &id, sizeof id);
}

static int send_one(struct conn *c, int id) {
    c->seq++;
    fill(c, id);
    c->got = 0;
    c->sent_ns = now_ns();
    ssize_t n = send(c->fd, c->out, MSG, MSG_NOSIGNAL);
    return n == MSG ? 0 : -1; /* 64 bytes into an empty socket buffer: never partial in practice */
}

static uint64_t percentile(uint64_t total, double q) {
    uint64_t want = (uint64_t)(total * q), acc = 0;
    if (want == 0) want = 1;
    for (int i = 0; i < HIST_US; i++) {
        acc += hist[i];
        if (acc >= want) return i;
    }
    return HIST_US;
}

int main(int argc, char **argv) {
    int port = 0, conns = 100, dur = 10, hold = -1, opt;
    while ((opt = getopt(argc, argv, "p:c:d:i:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'c': conns = atoi(optarg); break;
        case 'd': dur = atoi(optarg); break;
        case 'i': hold = atoi(optarg); break;
        default: fprintf(stderr, "usage: echo_load -p PORT -c CONNS (-d SECONDS | -i HOLD_SECONDS)\n"); return 2;
        }
    }
    hist = calloc(HIST_US, sizeof *hist);
    struct conn *cs = calloc(conns, sizeof *cs);
    int ep = epoll_create1(0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
            fprintf(stderr, "connect %d: %s\n", i, strerror(errno));
            return 1;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        cs[i].fd = fd;
        /* blocking echo first: the server has accepted and its handler is running */
        if (hold >= 0) {
            fill(&cs[i], i);
            if (send(fd, cs[i].out, MSG, MSG_NOSIGNAL) != MSG) return 1;
            int got = 0;
            while (got < MSG) {
                ssize_t n = recv(fd, cs[i].in + got, MSG - got, 0);
                if (n <= 0) { fprintf(stderr, "idle echo %d failed\n", i); return 1; }
                got += n;
            }
        }
    }
    if (hold >= 0) {
        printf("READY %d\n", conns);
        fflush(stdout);
        sleep(hold);
        return 0;
    }
    for (int i = 0; i < conns; i++) {
        int flags = 1;
        if (ioctl(cs[i].fd, FIONBIO, &flags) < 0) return 1;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
    }
    uint64_t errors = 0, rts = 0;
    uint64_t t0 = now_ns(), end = t0 + (uint64_t)dur * 1000000000ull;
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    for (int i = 0; i < conns; i++)
        if (send_one(&cs[i], i) < 0) errors++;
    struct epoll_event evs[512];
    uint64_t now = t0;
    while (now < end) {
        int n = epoll_wait(ep, evs, 512, 100);
        now = now_ns();
        for (int k = 0; k < n; k++) {
            int i = evs[k].data.u32;
            struct conn *c = &cs[i];
            for (;;) {
                ssize_t r = recv(c->fd, c->in + c->got, MSG - c->got, 0);
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                if (r <= 0) { errors++; epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); break; }
                c->got += r;
                if (c->got == MSG) {
                    if (memcmp(c->in, c->out, MSG) != 0) errors++;
                    uint64_t us = (now - c->sent_ns) / 1000;
                    if (us < HIST_US) hist[us]++; else hist_over++;
                    rts++;
                    if (now < end && send_one(c, i) < 0) errors++;
                    break;
                }
            }
        }
    }
    uint64_t t1 = now_ns();
    getrusage(RUSAGE_SELF, &ru1);
    double wall = (t1 - t0) / 1e9;
    double cpu = (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) + (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6
               + (ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) + (ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    printf("RESULT rts=%llu rps=%.0f p50_us=%llu p99_us=%llu errors=%llu load_cpu_pct=%.0f\n",
           (unsigned long long)rts, rts / wall, (unsigned long long)percentile(rts, 0.50),
           (unsigned long long)percentile(rts, 0.99), (unsigned long long)errors, 100.0 * cpu / wall);
    return 0;
}
