/*
 * token.h - random tokens as text, for codes that travel in URLs and on
 * printed QR posters (a venue's code): lower-case Crockford base32
 * ("0123456789abcdefghjkmnpqrstvwxyz": no i, l, o, u, so a code read
 * aloud or typed from a poster is not misread), 5 random bits a character
 * from libsodium's CSPRNG. 16 characters carry 80 bits: unguessable, and
 * a collision among millions of codes is still about 1 in 10^12.
 */
#ifndef LF_TOKEN_H
#define LF_TOKEN_H
#include <stddef.h>

/* Writes n random characters and a NUL into out[n + 1]. sodium_init()
 * must have run (the program does it at start). */
void token_base32(char *out, size_t n);
/* 1 if s is exactly n characters of the alphabet above, else 0. */
int token_is_base32(const char *s, size_t n);

#endif
