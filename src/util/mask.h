/*
 * mask.h - masking of personal numbers in lists, pages, API responses and
 * exports (../shared/CONVENTIONS.md): ID "4101**********123X" (first 4, last
 * 4, a star for each hidden character), phone "138****5678" (first 3, last 4).
 * Values too short to mask that way (fewer than 4 characters would be
 * hidden) are fully starred. Output is always NUL-terminated within n
 * bytes; input is not validated here.
 */
#ifndef LF_MASK_H
#define LF_MASK_H
#include <stddef.h>

const char *mask_id_number(const char *id, char *out, size_t n);
const char *mask_phone(const char *phone, char *out, size_t n);
/* A name keeps its first character: "张三" → "张*", "欧阳娜娜" → "欧***"
 * ("*" for a one-character name). UTF-8 aware. */
const char *mask_name(const char *name, char *out, size_t n);

/* A database's path or URL fit for a log line or a message: the password
 * of "postgresql://user:secret@host/db" becomes "***", and so does the
 * value of a "password=" key (in a URL's query or a key=value string).
 * Anything else is copied as it is. */
const char *mask_db_url(const char *url, char *out, size_t n);

#endif
