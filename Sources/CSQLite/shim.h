#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation (~30% of
/// an insert loop here). Must run before SQLite initialises; answers SQLITE_MISUSE if it already
/// has, and then the defaults stay. sqlite3_config is variadic, which Swift cannot call.
static inline int lab_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
