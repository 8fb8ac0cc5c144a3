#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/fileio.h"
#include "util/xmalloc.h"

char *file_read_all(const char *path, size_t max, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t len = 0, cap = 0, n;

    if (!f)
        return NULL;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            data = xrealloc(data, cap + 1);
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
        if (len > max) {
            free(data);
            fclose(f);
            errno = EFBIG;
            return NULL;
        }
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        free(data);
        fclose(f);
        errno = EIO;
        return NULL;
    }
    fclose(f);
    data[len] = '\0';
    if (len_out)
        *len_out = len;
    return data;
}
