/*
 * fsrecord: an LD_PRELOAD library that records, for the files under one folder, every call that
 * changes what a power cut could leave on disk: opens, writes (with their bytes and offsets),
 * truncates, fallocates, syncs, renames, unlinks and mkdirs; and, as markers, every write to one
 * marker file (the workload's acknowledgements), all in one totally ordered log. The crash-state
 * generator (org.ckbvm.crash, test code) replays the log. Built by the test with gcc.
 *
 * Environment: FSREC_LOG (log file, created), FSREC_ROOT (absolute, canonical folder to record:
 * it and everything under it), FSREC_MARKERS (absolute path of the marker file, outside the
 * folder). Without FSREC_LOG the library does nothing.
 *
 * Log record: u8 op, u32 payload length, payload (little-endian; strings are u32 length + bytes).
 * Calls that would make the log incomplete (writable shared mmap, links, RENAME_EXCHANGE, O_TMPFILE)
 * are logged as UNSUPPORTED, and the replay refuses the log: a record we cannot replay must fail
 * the test, never pass it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { OP_OPEN = 1, OP_CLOSE, OP_DUP, OP_WRITE, OP_TRUNCATE, OP_FALLOCATE, OP_FSYNC, OP_FDATASYNC,
       OP_SYNC_FILE_RANGE, OP_RENAME, OP_UNLINK, OP_MKDIR, OP_RMDIR, OP_MARKER, OP_TRUNCATE_PATH,
       OP_UNSUPPORTED };
/* what an fd (or a path) is to us */
enum { K_NONE = 0, K_TRACKED = 1, K_MARKER = 2 };

#define MAXFD 65536
static unsigned char kind[MAXFD];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static char root[PATH_MAX], markers[PATH_MAX];
static size_t root_len;

#define REAL(name) static __typeof__(name) *real_##name
static void *load(void **slot, const char *name) {
    if (!*slot) *slot = dlsym(RTLD_NEXT, name);
    return *slot;
}
#define LOAD(name) ((__typeof__(name) *) load((void **) &real_##name, #name))
REAL(open); REAL(open64); REAL(openat); REAL(openat64); REAL(close); REAL(dup); REAL(dup2); REAL(dup3);
REAL(fcntl); REAL(write); REAL(pwrite); REAL(pwrite64); REAL(writev); REAL(pwritev); REAL(pwritev64);
REAL(pwritev2); REAL(ftruncate); REAL(ftruncate64); REAL(truncate); REAL(truncate64); REAL(fallocate);
REAL(fallocate64); REAL(posix_fallocate); REAL(posix_fallocate64); REAL(fsync); REAL(fdatasync);
REAL(sync_file_range); REAL(rename); REAL(renameat); REAL(renameat2); REAL(unlink); REAL(unlinkat);
REAL(mkdir); REAL(mkdirat); REAL(rmdir); REAL(mmap); REAL(mmap64); REAL(link); REAL(linkat);
int __open_2(const char *, int);
int __open64_2(const char *, int);
int __openat_2(int, const char *, int);
int __openat64_2(int, const char *, int);
int fcntl64(int, int, ...);
REAL(fcntl64);

__attribute__((constructor)) static void init(void) {
    const char *l = getenv("FSREC_LOG"), *r = getenv("FSREC_ROOT"), *m = getenv("FSREC_MARKERS");
    if (!l || !r || !m || strlen(r) >= PATH_MAX || strlen(m) >= PATH_MAX) {
        return;
    }
    strcpy(root, r);
    root_len = strlen(root);
    strcpy(markers, m);
    log_fd = LOAD(open)(l, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
        fprintf(stderr, "fsrecord: cannot open %s: %s\n", l, strerror(errno));
        abort();
    }
}

/* ---- the log ---- */

typedef struct { unsigned char b[64 + 2 * PATH_MAX]; size_t n; } head_t;
static void put_u32(head_t *h, uint32_t v) { memcpy(h->b + h->n, &v, 4); h->n += 4; }
static void put_u64(head_t *h, uint64_t v) { memcpy(h->b + h->n, &v, 8); h->n += 8; }
static void put_str(head_t *h, const char *s) { uint32_t n = (uint32_t) strlen(s); put_u32(h, n); memcpy(h->b + h->n, s, n); h->n += n; }
static void start(head_t *h, int op) { h->b[0] = (unsigned char) op; h->n = 5; }

/* Appends one record (head, then the data iovecs); the caller holds mu. Any failure aborts: a log with a hole is worthless. */
static void emit(head_t *h, const struct iovec *data, int count, size_t data_len) {
    uint32_t len = (uint32_t) (h->n - 5 + data_len);
    memcpy(h->b + 1, &len, 4);
    struct iovec v[66];
    v[0].iov_base = h->b;
    v[0].iov_len = h->n;
    if (count > 64) abort();
    for (int i = 0; i < count; i++) v[i + 1] = data[i];
    int n = count + 1;
    struct iovec *p = v;
    while (n > 0) {
        ssize_t w = LOAD(writev)(log_fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "fsrecord: log write failed: %s\n", strerror(errno));
            abort();
        }
        while (n > 0 && (size_t) w >= p->iov_len) { w -= (ssize_t) p->iov_len; p++; n--; }
        if (n > 0) { p->iov_base = (char *) p->iov_base + w; p->iov_len -= (size_t) w; }
    }
}
static void emit_head(head_t *h) { emit(h, NULL, 0, 0); }
static void unsupported(const char *what, const char *path) {
    head_t h; start(&h, OP_UNSUPPORTED);
    char text[PATH_MAX + 64];
    snprintf(text, sizeof text, "%s %s", what, path ? path : "");
    put_str(&h, text);
    emit_head(&h);
}

/* ---- paths ---- */

/* Absolute, lexically normalized path of (dirfd, path) in out; 0 if it cannot be told. */
static int absolute(int dirfd, const char *path, char *out) {
    char buf[2 * PATH_MAX + 2];
    if (!path) return 0;
    if (path[0] == '/') {
        if (strlen(path) >= sizeof buf) return 0;
        strcpy(buf, path);
    } else {
        char base[PATH_MAX];
        if (dirfd == AT_FDCWD) {
            if (!getcwd(base, sizeof base)) return 0;
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, base, sizeof base - 1);
            if (n <= 0) return 0;
            base[n] = 0;
        }
        snprintf(buf, sizeof buf, "%s/%s", base, path);
    }
    /* collapse "//", "/./" and "/x/.." */
    size_t o = 0;
    const char *s = buf;
    while (*s) {
        while (*s == '/') s++;
        if (!*s) break;
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t) (e - s) : strlen(s);
        if (n == 1 && s[0] == '.') {
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            if (o + n + 2 >= PATH_MAX) return 0;
            out[o++] = '/';
            memcpy(out + o, s, n);
            o += n;
        }
        s += n;
    }
    if (o == 0) out[o++] = '/';
    out[o] = 0;
    return 1;
}

static int classify(const char *abs) {
    if (log_fd < 0) return K_NONE;
    if (strcmp(abs, markers) == 0) return K_MARKER;
    if (strncmp(abs, root, root_len) == 0 && (abs[root_len] == 0 || abs[root_len] == '/')) return K_TRACKED;
    return K_NONE;
}
static int path_kind(int dirfd, const char *path, char *abs) {
    return log_fd >= 0 && absolute(dirfd, path, abs) ? classify(abs) : K_NONE;
}
static int fd_kind(int fd) { return fd >= 0 && fd < MAXFD ? kind[fd] : K_NONE; }

/* ---- opening and closing ---- */

static int opened(int dirfd, const char *path, int flags, mode_t mode,
                  int (*call)(int, const char *, int, mode_t)) {
    char abs[PATH_MAX];
    int k = path_kind(dirfd, path, abs);
    if (k == K_NONE) return call(dirfd, path, flags, mode);
    pthread_mutex_lock(&mu);
    struct stat st;
    int existed = stat(abs, &st) == 0;
    int fd = call(dirfd, path, flags, mode);
    int saved = errno;
    if (fd >= 0 && fd < MAXFD) {
        kind[fd] = (unsigned char) k;
        if (k != K_MARKER) {
            int dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
            if ((flags & O_TMPFILE) == O_TMPFILE) unsupported("O_TMPFILE", abs);
            head_t h; start(&h, OP_OPEN);
            put_u32(&h, (uint32_t) fd); put_u32(&h, (uint32_t) flags);
            put_u32(&h, (uint32_t) ((existed ? 0 : 1) | (dir ? 2 : 0)));
            put_str(&h, abs);
            emit_head(&h);
        }
    }
    pthread_mutex_unlock(&mu);
    errno = saved;
    return fd;
}
static int c_open(int d, const char *p, int f, mode_t m) { (void) d; return LOAD(open)(p, f, m); }
static int c_open64(int d, const char *p, int f, mode_t m) { (void) d; return LOAD(open64)(p, f, m); }
static int c_openat(int d, const char *p, int f, mode_t m) { return LOAD(openat)(d, p, f, m); }
static int c_openat64(int d, const char *p, int f, mode_t m) { return LOAD(openat64)(d, p, f, m); }
#define MODE_ARG(flags) mode_t mode = 0; \
    if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = (mode_t) va_arg(ap, int); va_end(ap); }
int open(const char *p, int flags, ...) { MODE_ARG(flags); return opened(AT_FDCWD, p, flags, mode, c_open); }
int open64(const char *p, int flags, ...) { MODE_ARG(flags); return opened(AT_FDCWD, p, flags, mode, c_open64); }
int openat(int d, const char *p, int flags, ...) { MODE_ARG(flags); return opened(d, p, flags, mode, c_openat); }
int openat64(int d, const char *p, int flags, ...) { MODE_ARG(flags); return opened(d, p, flags, mode, c_openat64); }
int __open_2(const char *p, int flags) { return opened(AT_FDCWD, p, flags, 0, c_open); }
int __open64_2(const char *p, int flags) { return opened(AT_FDCWD, p, flags, 0, c_open64); }
int __openat_2(int d, const char *p, int flags) { return opened(d, p, flags, 0, c_openat); }
int __openat64_2(int d, const char *p, int flags) { return opened(d, p, flags, 0, c_openat64); }
int creat(const char *p, mode_t m) { return opened(AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC, m, c_open); }
int creat64(const char *p, mode_t m) { return opened(AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC, m, c_open64); }

/* Forgets fd (the caller holds mu); logged so that the replay's fd table follows ours. */
static void forget(int fd) {
    int k = fd_kind(fd);
    if (k == K_NONE) return;
    kind[fd] = K_NONE;
    if (k != K_MARKER) {
        head_t h; start(&h, OP_CLOSE); put_u32(&h, (uint32_t) fd); emit_head(&h);
    }
}
int close(int fd) {
    if (fd_kind(fd) != K_NONE) {
        pthread_mutex_lock(&mu);
        forget(fd);
        pthread_mutex_unlock(&mu);
    }
    return LOAD(close)(fd);
}
static int duplicated(int old, int fd) {
    int k = fd_kind(old);
    if (fd >= 0 && fd < MAXFD && k != K_NONE) {
        kind[fd] = (unsigned char) k;
        if (k != K_MARKER) {
            head_t h; start(&h, OP_DUP); put_u32(&h, (uint32_t) old); put_u32(&h, (uint32_t) fd); emit_head(&h);
        }
    }
    return fd;
}
int dup(int old) {
    if (fd_kind(old) == K_NONE) return LOAD(dup)(old);
    pthread_mutex_lock(&mu);
    int fd = LOAD(dup)(old), saved = errno;
    duplicated(old, fd);
    pthread_mutex_unlock(&mu);
    errno = saved;
    return fd;
}
static int dup_to(int old, int new, int flags, int three) {
    if (log_fd < 0 || (fd_kind(old) == K_NONE && fd_kind(new) == K_NONE)) {
        return three ? LOAD(dup3)(old, new, flags) : LOAD(dup2)(old, new);
    }
    pthread_mutex_lock(&mu);
    int fd = three ? LOAD(dup3)(old, new, flags) : LOAD(dup2)(old, new), saved = errno;
    if (fd >= 0 && old != new) {
        forget(new);
        duplicated(old, fd);
    }
    pthread_mutex_unlock(&mu);
    errno = saved;
    return fd;
}
int dup2(int old, int new) { return dup_to(old, new, 0, 0); }
int dup3(int old, int new, int flags) { return dup_to(old, new, flags, 1); }
static int fcntl_any(int fd, int cmd, void *arg, int wide) {
    int (*call)(int, int, ...) = wide ? LOAD(fcntl64) : LOAD(fcntl);
    if (!call) call = LOAD(fcntl);
    if ((cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC) || fd_kind(fd) == K_NONE) return call(fd, cmd, arg);
    pthread_mutex_lock(&mu);
    int r = call(fd, cmd, arg), saved = errno;
    duplicated(fd, r);
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}
int fcntl(int fd, int cmd, ...) { va_list ap; va_start(ap, cmd); void *a = va_arg(ap, void *); va_end(ap); return fcntl_any(fd, cmd, a, 0); }
int fcntl64(int fd, int cmd, ...) { va_list ap; va_start(ap, cmd); void *a = va_arg(ap, void *); va_end(ap); return fcntl_any(fd, cmd, a, 1); }

/* ---- writing ---- */

/* Logs the n bytes just written at offset off (-1: they ended at the current position); caller holds mu. */
static void written(int fd, const struct iovec *iov, int count, ssize_t n, off_t off) {
    if (n <= 0) return;
    if (off < 0) off = lseek(fd, 0, SEEK_CUR) - n;
    head_t h;
    if (kind[fd] == K_MARKER) {
        start(&h, OP_MARKER);
    } else {
        start(&h, OP_WRITE); put_u32(&h, (uint32_t) fd); put_u64(&h, (uint64_t) off);
    }
    struct iovec part[64];
    int parts = 0;
    size_t left = (size_t) n;
    for (int i = 0; i < count && left > 0; i++) {
        size_t take = iov[i].iov_len < left ? iov[i].iov_len : left;
        if (take == 0) continue;
        if (parts == 64) abort();
        part[parts].iov_base = iov[i].iov_base;
        part[parts++].iov_len = take;
        left -= take;
    }
    emit(&h, part, parts, (size_t) n);
}
#define WRITE_CALL(fd, expr, iovp, cnt, offset) \
    if (fd_kind(fd) == K_NONE) return expr; \
    pthread_mutex_lock(&mu); \
    ssize_t r = expr; int saved = errno; \
    written(fd, iovp, cnt, r, offset); \
    pthread_mutex_unlock(&mu); errno = saved; return r;
ssize_t write(int fd, const void *b, size_t n) {
    struct iovec v = { (void *) b, n };
    WRITE_CALL(fd, LOAD(write)(fd, b, n), &v, 1, -1)
}
ssize_t pwrite(int fd, const void *b, size_t n, off_t off) {
    struct iovec v = { (void *) b, n };
    WRITE_CALL(fd, LOAD(pwrite)(fd, b, n, off), &v, 1, off)
}
ssize_t pwrite64(int fd, const void *b, size_t n, off64_t off) {
    struct iovec v = { (void *) b, n };
    WRITE_CALL(fd, LOAD(pwrite64)(fd, b, n, off), &v, 1, off)
}
ssize_t writev(int fd, const struct iovec *v, int c) { WRITE_CALL(fd, LOAD(writev)(fd, v, c), v, c, -1) }
ssize_t pwritev(int fd, const struct iovec *v, int c, off_t off) { WRITE_CALL(fd, LOAD(pwritev)(fd, v, c, off), v, c, off) }
ssize_t pwritev64(int fd, const struct iovec *v, int c, off64_t off) { WRITE_CALL(fd, LOAD(pwritev64)(fd, v, c, off), v, c, off) }
ssize_t pwritev2(int fd, const struct iovec *v, int c, off_t off, int flags) {
    WRITE_CALL(fd, LOAD(pwritev2)(fd, v, c, off, flags), v, c, off)
}

static int resized(int fd, int r, off64_t len) {
    if (r == 0) {
        head_t h; start(&h, OP_TRUNCATE); put_u32(&h, (uint32_t) fd); put_u64(&h, (uint64_t) len); emit_head(&h);
    }
    return r;
}
#define FD_CALL(fd, expr, logged) \
    if (fd_kind(fd) != K_TRACKED) return expr; \
    pthread_mutex_lock(&mu); \
    int r = expr; int saved = errno; \
    logged; \
    pthread_mutex_unlock(&mu); errno = saved; return r;
int ftruncate(int fd, off_t len) { FD_CALL(fd, LOAD(ftruncate)(fd, len), resized(fd, r, len)) }
int ftruncate64(int fd, off64_t len) { FD_CALL(fd, LOAD(ftruncate64)(fd, len), resized(fd, r, len)) }
static void truncated_path(int r, const char *abs, off64_t len) {
    if (r == 0) {
        head_t h; start(&h, OP_TRUNCATE_PATH); put_u64(&h, (uint64_t) len); put_str(&h, abs); emit_head(&h);
    }
}
#define PATH_CALL(path, expr, logged) \
    char abs[PATH_MAX]; \
    if (path_kind(AT_FDCWD, path, abs) != K_TRACKED) return expr; \
    pthread_mutex_lock(&mu); \
    int r = expr; int saved = errno; \
    logged; \
    pthread_mutex_unlock(&mu); errno = saved; return r;
int truncate(const char *p, off_t len) { PATH_CALL(p, LOAD(truncate)(p, len), truncated_path(r, abs, len)) }
int truncate64(const char *p, off64_t len) { PATH_CALL(p, LOAD(truncate64)(p, len), truncated_path(r, abs, len)) }

static void allocated(int fd, int ok, int mode, off64_t off, off64_t len) {
    if (ok) {
        head_t h; start(&h, OP_FALLOCATE); put_u32(&h, (uint32_t) fd); put_u32(&h, (uint32_t) mode);
        put_u64(&h, (uint64_t) off); put_u64(&h, (uint64_t) len); emit_head(&h);
    }
}
int fallocate(int fd, int mode, off_t off, off_t len) { FD_CALL(fd, LOAD(fallocate)(fd, mode, off, len), allocated(fd, r == 0, mode, off, len)) }
int fallocate64(int fd, int mode, off64_t off, off64_t len) { FD_CALL(fd, LOAD(fallocate64)(fd, mode, off, len), allocated(fd, r == 0, mode, off, len)) }
int posix_fallocate(int fd, off_t off, off_t len) { FD_CALL(fd, LOAD(posix_fallocate)(fd, off, len), allocated(fd, r == 0, 0, off, len)) }
int posix_fallocate64(int fd, off64_t off, off64_t len) { FD_CALL(fd, LOAD(posix_fallocate64)(fd, off, len), allocated(fd, r == 0, 0, off, len)) }

/*
 * A sync is logged before the call: it covers exactly the writes logged before it (each is
 * logged when it has completed); a write that races with it is logged after it and counts as
 * unsynced, which is the conservative side.
 */
static void synced(int fd, int op) {
    head_t h; start(&h, op); put_u32(&h, (uint32_t) fd); emit_head(&h);
}
#define SYNC_CALL(fd, op, expr) \
    if (fd_kind(fd) == K_TRACKED) { \
        pthread_mutex_lock(&mu); synced(fd, op); pthread_mutex_unlock(&mu); \
    } \
    return expr;
int fsync(int fd) { SYNC_CALL(fd, OP_FSYNC, LOAD(fsync)(fd)) }
int fdatasync(int fd) { SYNC_CALL(fd, OP_FDATASYNC, LOAD(fdatasync)(fd)) }
int sync_file_range(int fd, off64_t off, off64_t n, unsigned int flags) {
    /* not a durability guarantee (no metadata, no disk cache flush): logged for the record only */
    FD_CALL(fd, LOAD(sync_file_range)(fd, off, n, flags), if (r == 0) {
        head_t h; start(&h, OP_SYNC_FILE_RANGE); put_u32(&h, (uint32_t) fd); put_u64(&h, (uint64_t) off);
        put_u64(&h, (uint64_t) n); put_u32(&h, flags); emit_head(&h);
    })
}

/* ---- the namespace ---- */

static int renamed(int od, const char *o, int nd, const char *n, unsigned int flags, int how) {
    char ao[PATH_MAX], an[PATH_MAX];
    int ko = path_kind(od, o, ao), kn = path_kind(nd, n, an);
    int call_kind = how;
#define DO_RENAME (call_kind == 0 ? LOAD(rename)(o, n) : call_kind == 1 ? LOAD(renameat)(od, o, nd, n) \
                   : LOAD(renameat2)(od, o, nd, n, flags))
    if (ko != K_TRACKED && kn != K_TRACKED) return DO_RENAME;
    pthread_mutex_lock(&mu);
    int r = DO_RENAME, saved = errno;
    if (r == 0) {
        if (flags != 0 || ko != K_TRACKED || kn != K_TRACKED) {
            unsupported("rename across the recorded folder or with flags", ao);
        } else {
            head_t h; start(&h, OP_RENAME); put_str(&h, ao); put_str(&h, an); emit_head(&h);
        }
    }
    pthread_mutex_unlock(&mu);
    errno = saved;
    return r;
}
int rename(const char *o, const char *n) { return renamed(AT_FDCWD, o, AT_FDCWD, n, 0, 0); }
int renameat(int od, const char *o, int nd, const char *n) { return renamed(od, o, nd, n, 0, 1); }
int renameat2(int od, const char *o, int nd, const char *n, unsigned int f) { return renamed(od, o, nd, n, f, 2); }

static void named(int r, int op, const char *abs) {
    if (r == 0) {
        head_t h; start(&h, op); put_str(&h, abs); emit_head(&h);
    }
}
#define AT_CALL(dirfd, path, expr, op) \
    char abs[PATH_MAX]; \
    if (path_kind(dirfd, path, abs) != K_TRACKED) return expr; \
    pthread_mutex_lock(&mu); \
    int r = expr; int saved = errno; \
    named(r, op, abs); \
    pthread_mutex_unlock(&mu); errno = saved; return r;
int unlink(const char *p) { AT_CALL(AT_FDCWD, p, LOAD(unlink)(p), OP_UNLINK) }
int unlinkat(int d, const char *p, int f) { AT_CALL(d, p, LOAD(unlinkat)(d, p, f), (f & AT_REMOVEDIR) ? OP_RMDIR : OP_UNLINK) }
int rmdir(const char *p) { AT_CALL(AT_FDCWD, p, LOAD(rmdir)(p), OP_RMDIR) }
int mkdir(const char *p, mode_t m) { AT_CALL(AT_FDCWD, p, LOAD(mkdir)(p, m), OP_MKDIR) }
int mkdirat(int d, const char *p, mode_t m) { AT_CALL(d, p, LOAD(mkdirat)(d, p, m), OP_MKDIR) }

static void linked(const char *a, const char *b) {
    char x[PATH_MAX], y[PATH_MAX];
    if (path_kind(AT_FDCWD, a, x) == K_TRACKED || path_kind(AT_FDCWD, b, y) == K_TRACKED) {
        pthread_mutex_lock(&mu); unsupported("link", a); pthread_mutex_unlock(&mu);
    }
}
int link(const char *a, const char *b) { linked(a, b); return LOAD(link)(a, b); }
int linkat(int ad, const char *a, int bd, const char *b, int f) { linked(a, b); return LOAD(linkat)(ad, a, bd, b, f); }

/* A writable shared mapping would change the file without a write call: refuse the log. */
static void mapped(int prot, int flags, int fd) {
    if ((prot & PROT_WRITE) && (flags & MAP_SHARED) && fd_kind(fd) == K_TRACKED) {
        pthread_mutex_lock(&mu); unsupported("writable shared mmap", NULL); pthread_mutex_unlock(&mu);
    }
}
void *mmap(void *a, size_t n, int prot, int flags, int fd, off_t off) { mapped(prot, flags, fd); return LOAD(mmap)(a, n, prot, flags, fd, off); }
void *mmap64(void *a, size_t n, int prot, int flags, int fd, off64_t off) { mapped(prot, flags, fd); return LOAD(mmap64)(a, n, prot, flags, fd, off); }
