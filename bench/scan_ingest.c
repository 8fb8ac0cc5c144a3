/*
 * scan_ingest.c - the client and the baseline of bench_scan_ingest.sh.
 *
 *   scan_ingest send DB PORT TOKEN N VENUES BATCH CONNS
 *       POST N scans to 127.0.0.1:PORT/api/v1/scans/batch, BATCH scans per
 *       request, over CONNS keep-alive connections (one thread each).
 *   scan_ingest bulk DB SCHEMA.sql OUT.db N VENUES
 *       the baseline: SQLite itself inserting the same N rows into a fresh
 *       OUT.db made from SCHEMA.sql (the product's 0004_scan.sql), with the
 *       product's settings (WAL, synchronous=FULL, cache_size=-65536), one
 *       prepared INSERT in one transaction.
 *   scan_ingest rows DB N VENUES
 *       the same N rows as text for COPY (venue, time, person id, tab
 *       separated) on stdout: bench_pg.sh's baseline, psql's \copy.
 *
 * DB is a SQLite product database, or a file "*.txt" of "id|id_number"
 * lines (psql -At's output: a PostgreSQL city's persons). All read the
 * persons (id, id_number) of the product database DB and
 * derive the same N scans from them (rows()): scan i is at time
 * t0 + i * span / N (a feed sends in time order; span > N seconds, so every
 * scan is a distinct key), at venue 1 + h(i) % VENUES, by person
 * persons[h'(i) % P]. Everything is built before the clock starts: the
 * client only writes prepared request bodies and reads the replies.
 *
 * Output: one line on stdout, "SCAN_RESULT scans=N secs=S rate=R added=A"
 * (bulk: "added" is the rows inserted). Exit 1 on any error, with the reason
 * on stderr (a reply other than 200 is an error).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SPAN_S (25 * 86400L)   /* scans spread over 25 days, ending 1 day ago */

struct person {
    int64_t id;
    char id_number[20];
};

static struct person *persons;
static size_t n_persons;

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "scan_ingest: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t x)   /* splitmix64's finaliser */
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void add_person(int64_t id, const char *id_number, size_t *cap)
{
    if (n_persons == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        persons = realloc(persons, *cap * sizeof(*persons));
    }
    persons[n_persons].id = id;
    snprintf(persons[n_persons].id_number, sizeof(persons[0].id_number), "%s", id_number);
    n_persons++;
}

static void load_persons(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    size_t cap = 0, len = strlen(path);

    if (len > 4 && !strcmp(path + len - 4, ".txt")) {
        FILE *f = fopen(path, "r");
        char line[128], *bar;
        if (!f)
            die("cannot read persons from %s", path);
        while (fgets(line, sizeof(line), f))
            if ((bar = strchr(line, '|'))) {
                bar[strcspn(bar, "\r\n")] = '\0';
                if (strlen(bar + 1) == 18)
                    add_person(strtoll(line, NULL, 10), bar + 1, &cap);
            }
        fclose(f);
        if (!n_persons)
            die("no persons in %s", path);
        return;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT id, id_number FROM person WHERE id_number IS NOT NULL "
                           "AND length(id_number) = 18 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        die("cannot read persons from %s", path);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n_persons == cap) {
            cap = cap ? cap * 2 : 1024;
            persons = realloc(persons, cap * sizeof(*persons));
        }
        persons[n_persons].id = sqlite3_column_int64(st, 0);
        snprintf(persons[n_persons].id_number, sizeof(persons[0].id_number), "%s",
                 (const char *)sqlite3_column_text(st, 1));
        n_persons++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (!n_persons)
        die("no persons with ID numbers in %s", path);
}

/* Scan i of n: venue id, time (UTC seconds), person. t0 is fixed by the
 * caller (whole days, so both modes agree when run within the same day). */
static void row(size_t i, size_t n, long venues, int64_t t0, int64_t *venue, int64_t *at,
                const struct person **p)
{
    *venue = 1 + (int64_t)(mix(i * 2 + 1) % (uint64_t)venues);
    *at = t0 + (int64_t)((double)i * SPAN_S / n);
    *p = &persons[mix(i * 2 + 2) % n_persons];
}

static int64_t start_utc(void)
{
    int64_t now = time(NULL);
    return (now / 86400 - 26) * 86400;
}

/* --- bulk: the baseline -------------------------------------------------- */

static void exec_or_die(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        die("sqlite: %s", msg ? msg : sql);
}

static int bulk(const char *schema_path, const char *out, size_t n, long venues)
{
    char *schema;
    long len;
    FILE *f = fopen(schema_path, "rb");
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t t0 = start_utc();
    double t;
    size_t i;

    if (!f)
        die("cannot open %s", schema_path);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    schema = calloc(1, len + 1);
    if (fread(schema, 1, len, f) != (size_t)len)
        die("cannot read %s", schema_path);
    fclose(f);
    if (sqlite3_open(out, &db) != SQLITE_OK)
        die("cannot create %s", out);
    /* the settings of src/store/sqlite.c store_open() */
    exec_or_die(db, "PRAGMA journal_mode = WAL");
    exec_or_die(db, "PRAGMA synchronous = FULL");
    exec_or_die(db, "PRAGMA temp_store = MEMORY");
    exec_or_die(db, "PRAGMA cache_size = -65536");
    exec_or_die(db, schema);
    if (sqlite3_prepare_v2(db, "INSERT INTO scan(venue_id, at_utc, person_id) VALUES (?1, ?2, ?3)",
                           -1, &st, NULL) != SQLITE_OK)
        die("prepare: %s", sqlite3_errmsg(db));
    t = now_s();
    exec_or_die(db, "BEGIN IMMEDIATE");
    for (i = 0; i < n; i++) {
        const struct person *p;
        int64_t venue, at;

        row(i, n, venues, t0, &venue, &at, &p);
        sqlite3_bind_int64(st, 1, venue);
        sqlite3_bind_int64(st, 2, at);
        sqlite3_bind_int64(st, 3, p->id);
        if (sqlite3_step(st) != SQLITE_DONE)
            die("insert: %s", sqlite3_errmsg(db));
        sqlite3_reset(st);
    }
    exec_or_die(db, "COMMIT");
    t = now_s() - t;
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("SCAN_RESULT scans=%zu secs=%.3f rate=%.1f added=%zu\n", n, t, n / t, n);
    free(schema);
    return 0;
}

/* --- send: the client ---------------------------------------------------- */

struct body {
    char *data;
    size_t len;
    size_t n_scans;
};

static struct body *bodies;
static size_t n_bodies;
static atomic_size_t next_body;
static atomic_long total_added;
static int port;
static const char *token;

static void build_bodies(size_t n, long venues, size_t batch)
{
    int64_t t0 = start_utc();
    size_t b, i;

    n_bodies = (n + batch - 1) / batch;
    bodies = calloc(n_bodies, sizeof(*bodies));
    for (b = 0; b < n_bodies; b++) {
        size_t first = b * batch, last = first + batch < n ? first + batch : n;
        size_t cap = (last - first) * 96 + 64, len = 0;
        char *s = malloc(cap);

        len += (size_t)sprintf(s + len, "{\"scans\":[");
        for (i = first; i < last; i++) {
            const struct person *p;
            int64_t venue, at;
            time_t tt;
            struct tm tm;

            row(i, n, venues, t0, &venue, &at, &p);
            tt = (time_t)at;
            gmtime_r(&tt, &tm);
            len += (size_t)sprintf(s + len,
                                   "%s{\"venue\":%lld,\"id_number\":\"%s\",\"at\":"
                                   "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"}",
                                   i > first ? "," : "", (long long)venue, p->id_number,
                                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                                   tm.tm_min, tm.tm_sec);
        }
        len += (size_t)sprintf(s + len, "]}");
        bodies[b].data = s;
        bodies[b].len = len;
        bodies[b].n_scans = last - first;
    }
}

static int connect_local(void)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
        die("connect: %s", strerror(errno));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

static void write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            die("write: %s", strerror(errno));
        p += w;
        len -= (size_t)w;
    }
}

/* Read one response; returns the status, the body in buf (NUL-ended). */
static int read_reply(int fd, char *buf, size_t cap)
{
    size_t have = 0, need = 0, head = 0;
    char *end, *cl;
    int status;

    for (;;) {
        ssize_t r;
        if (have + 1 >= cap)
            die("%s", "reply too large");
        r = read(fd, buf + have, cap - have - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            die("read: %s", r ? strerror(errno) : "connection closed");
        have += (size_t)r;
        buf[have] = '\0';
        if (!head && (end = strstr(buf, "\r\n\r\n"))) {
            head = (size_t)(end - buf) + 4;
            cl = strcasestr(buf, "content-length:");
            if (!cl || cl > end)
                die("%s", "reply without Content-Length");
            need = head + strtoul(cl + 15, NULL, 10);
        }
        if (head && have >= need)
            break;
    }
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        die("%s", "not an HTTP reply");
    memmove(buf, buf + head, need - head);
    buf[need - head] = '\0';
    return status;
}

static void *sender(void *arg)
{
    char head[512], reply[8192];
    int fd = connect_local();
    size_t b;

    (void)arg;
    while ((b = atomic_fetch_add(&next_body, 1)) < n_bodies) {
        int hl = snprintf(head, sizeof(head),
                          "POST /api/v1/scans/batch HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\n\r\n", token, bodies[b].len);
        const char *a;
        int status;

        write_all(fd, head, (size_t)hl);
        write_all(fd, bodies[b].data, bodies[b].len);
        status = read_reply(fd, reply, sizeof(reply));
        if (status != 200) {
            fprintf(stderr, "scan_ingest: batch %zu: HTTP %d %s\n", b, status, reply);
            exit(1);
        }
        if (!(a = strstr(reply, "\"added\":")))
            die("reply without added: %s", reply);
        atomic_fetch_add(&total_added, strtol(a + 8, NULL, 10));
    }
    close(fd);
    return NULL;
}

static int send_all(size_t n, long venues, size_t batch, int conns)
{
    pthread_t *tids = calloc((size_t)conns, sizeof(*tids));
    double t;
    int i;

    build_bodies(n, venues, batch);
    t = now_s();
    for (i = 0; i < conns; i++)
        if (pthread_create(&tids[i], NULL, sender, NULL))
            die("%s", "pthread_create failed");
    for (i = 0; i < conns; i++)
        pthread_join(tids[i], NULL);
    t = now_s() - t;
    printf("SCAN_RESULT scans=%zu secs=%.3f rate=%.1f added=%ld\n", n, t, n / t,
           atomic_load(&total_added));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 9 && !strcmp(argv[1], "send")) {
        load_persons(argv[2]);
        port = atoi(argv[3]);
        token = argv[4];
        return send_all(strtoul(argv[5], NULL, 10), atol(argv[6]), strtoul(argv[7], NULL, 10),
                        atoi(argv[8]));
    }
    if (argc == 5 && !strcmp(argv[1], "rows")) {
        int64_t t0 = start_utc(), venue, at;
        const struct person *p;
        size_t i, n = strtoul(argv[3], NULL, 10);
        long venues = atol(argv[4]);
        load_persons(argv[2]);
        for (i = 0; i < n; i++) {
            row(i, n, venues, t0, &venue, &at, &p);
            printf("%lld\t%lld\t%lld\n", (long long)venue, (long long)at, (long long)p->id);
        }
        return fflush(stdout) ? 1 : 0;
    }
    if (argc == 7 && !strcmp(argv[1], "bulk")) {
        load_persons(argv[2]);
        return bulk(argv[3], argv[4], strtoul(argv[5], NULL, 10), atol(argv[6]));
    }
    fprintf(stderr, "usage: scan_ingest send DB PORT TOKEN N VENUES BATCH CONNS\n"
                    "       scan_ingest bulk DB SCHEMA.sql OUT.db N VENUES\n"
                    "       scan_ingest rows DB N VENUES\n");
    return 2;
}
