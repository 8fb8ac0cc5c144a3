/*
 * log.h - the server's own log on stderr: one line per event, UTC time,
 * level, text. Backend error texts (SQLite, libh2o) go here, never to a
 * client. Thread-safe (one write(2) per line).
 */
#ifndef LF_LOG_H
#define LF_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Broken invariant: log and abort. */
#define BUG(...) (log_msg(LOG_ERROR, "BUG: " __VA_ARGS__), abort())

#endif
