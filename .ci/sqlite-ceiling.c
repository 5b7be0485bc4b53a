/* The SQLite ceiling of the recorder: the fastest a plain C loop inserts exchange rows with the
 * recorder's schema, pragmas, insert statement and transaction size, through the system SQLite.
 * Rows come from the same seeded formula as Tests/RecorderTests/RecordingWriterBenchmark.swift,
 * so both write identical tables (the fingerprint line shows it).
 *
 * Usage: sqlite-ceiling DB ROWS ROUNDS ROWS_PER_TRANSACTION SCHEMA_FILE PRAGMAS INSERT_SQL
 * (.ci/bench-sqlite reads the last four from Sources/Recorder and passes them.)
 * Times, per round, the rows and the end of the recording (final commit and WAL checkpoint), as
 * RecordingWriter's write(_:) and finishIncomplete() do; prints rows/s per round and the median. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void check(sqlite3 *db, int rc, int expected, const char *what) {
    if (rc != expected) {
        fprintf(stderr, "sqlite-ceiling: %s: SQLite error %d: %s\n", what, rc, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(sqlite3 *db, const char *sql) {
    char *error = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "sqlite-ceiling: %s: %s\n", sql, error ? error : sqlite3_errmsg(db));
        exit(1);
    }
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, f) != (size_t)size) { perror(path); exit(1); }
    text[size] = 0;
    fclose(f);
    return text;
}

/* SplitMix64, as in the Swift benchmark. */
static uint64_t next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double seconds_of(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Rows per second of wall time and of this thread's CPU time (the second is steadier on a shared machine). */
struct rates { double wall, cpu; };

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void bind_or_null(sqlite3 *db, sqlite3_stmt *s, int index, int present, int64_t value) {
    int rc = present ? sqlite3_bind_int64(s, index, value) : sqlite3_bind_null(s, index);
    check(db, rc, SQLITE_OK, "bind");
}

static struct rates round_once(const char *path, long rows, long per_transaction, const char *schema, const char *pragmas,
                         const char *insert_sql, int print_fingerprint) {
    char name[4096];
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) { snprintf(name, sizeof name, "%s%s", path, suffixes[i]); unlink(name); }
    sqlite3 *db;
    check(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL), SQLITE_OK, "open");
    exec(db, pragmas);
    exec(db, schema);
    sqlite3_stmt *s;
    check(db, sqlite3_prepare_v2(db, insert_sql, -1, &s, NULL), SQLITE_OK, "prepare");
    exec(db, "BEGIN");

    uint64_t state = 42;
    long in_transaction = 0;
    double start = seconds_of(CLOCK_MONOTONIC), start_cpu = seconds_of(CLOCK_THREAD_CPUTIME_ID);
    for (long i = 0; i < rows; i++) {
        uint64_t r = next(&state);
        int64_t arrived = (int64_t)i * 1000;
        int sent = ((r >> 30) & 15) != 0;
        int64_t status = (r >> 42) % 10 == 0 ? 503 : 200;
        check(db, sqlite3_bind_int64(s, 1, i), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 2, (r & 3) == 0 ? 1 : 0), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 3, (int64_t)((r >> 2) & 3)), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 4, (int64_t)((r >> 4) & 7)), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 5, (int64_t)((r >> 8) % 100000) + 1), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 6, arrived), SQLITE_OK, "bind");
        bind_or_null(db, s, 7, sent, arrived + (int64_t)((r >> 34) & 0xFFF));
        check(db, sqlite3_bind_int64(s, 8, arrived + 1000000 + (int64_t)((r >> 20) & 0xFFFFF)), SQLITE_OK, "bind");
        bind_or_null(db, s, 9, sent, (int64_t)((r >> 40) & 1));
        check(db, sqlite3_bind_int64(s, 10, status), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 11, status == 200 ? 0 : 1), SQLITE_OK, "bind");
        bind_or_null(db, s, 12, (r >> 46) % 50 == 0, 0);
        check(db, sqlite3_bind_int64(s, 13, (int64_t)((r >> 52) & 1)), SQLITE_OK, "bind");
        check(db, sqlite3_bind_int64(s, 14, status), SQLITE_OK, "bind");
        bind_or_null(db, s, 15, (r >> 53) % 8 == 0, 0);
        bind_or_null(db, s, 16, (r >> 56) % 4 != 0, (int64_t)((r >> 8) % 1000) + 1);
        check(db, sqlite3_step(s), SQLITE_DONE, "step");
        check(db, sqlite3_reset(s), SQLITE_OK, "reset");
        if (++in_transaction >= per_transaction) { exec(db, "COMMIT; BEGIN"); in_transaction = 0; }
    }
    exec(db, "COMMIT");
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    double seconds = seconds_of(CLOCK_MONOTONIC) - start, cpu = seconds_of(CLOCK_THREAD_CPUTIME_ID) - start_cpu;

    check(db, sqlite3_finalize(s), SQLITE_OK, "finalize");
    if (print_fingerprint) {
        sqlite3_stmt *q;
        check(db, sqlite3_prepare_v2(db, "SELECT count(*), sum(request_id), sum(attempt), sum(template_id), sum(parameter), count(sent_ns), "
                                         "sum(answered_ns), count(cluster_id), sum(status), count(chaos_window_id), sum(final), "
                                         "count(protocol_status), total(body_id) FROM exchanges", -1, &q, NULL), SQLITE_OK, "fingerprint");
        check(db, sqlite3_step(q), SQLITE_ROW, "fingerprint");
        printf("bench: fingerprint");
        for (int c = 0; c < sqlite3_column_count(q); c++) printf(" %s", (const char *)sqlite3_column_text(q, c));
        printf("\n");
        sqlite3_finalize(q);
    }
    check(db, sqlite3_close(db), SQLITE_OK, "close");
    return (struct rates){(double)rows / seconds, (double)rows / cpu};
}

static double median(double *values, long count) {
    qsort(values, (size_t)count, sizeof values[0], compare);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: %s DB ROWS ROUNDS ROWS_PER_TRANSACTION SCHEMA_FILE PRAGMAS INSERT_SQL\n", argv[0]);
        return 2;
    }
    /* As the recorder does (SQLiteDatabase): memory statistics off before SQLite initialises. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    const char *path = argv[1];
    long rows = atol(argv[2]), rounds = atol(argv[3]), per_transaction = atol(argv[4]);
    char *schema = slurp(argv[5]);
    if (rows <= 0 || rounds <= 0 || rounds > 99 || per_transaction <= 0) { fprintf(stderr, "sqlite-ceiling: bad numbers\n"); return 2; }
    printf("bench: C loop, SQLite %s, %ld rows, %ld per transaction\n", sqlite3_libversion(), rows, per_transaction);
    double wall[99], cpu[99];
    for (long k = 0; k < rounds; k++) {
        struct rates r = round_once(path, rows, per_transaction, schema, argv[6], argv[7], k == 0);
        wall[k] = r.wall; cpu[k] = r.cpu;
        printf("bench: C loop round %ld: %.0f rows/s (%.0f rows per CPU second)\n", k + 1, r.wall, r.cpu);
    }
    printf("bench: C loop median %.0f rows/s (%.0f rows per CPU second)\n", median(wall, rounds), median(cpu, rounds));
    free(schema);
    return 0;
}
