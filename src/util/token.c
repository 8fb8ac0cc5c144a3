/*
 * token.c - random base32 tokens (token.h). randombytes_uniform() draws
 * each character without modulo bias; the alphabet has exactly 32 symbols.
 */
#include <string.h>
#include <sodium.h>

#include "util/token.h"
#include "util/banned.h"

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

void token_base32(char *out, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform(32)];
    out[n] = '\0';
}

int token_is_base32(const char *s, size_t n)
{
    size_t i;

    if (!s)
        return 0;
    for (i = 0; i < n; i++)
        if (!s[i] || !strchr(alphabet, s[i]))
            return 0;
    return s[n] == '\0';
}
