/*
 * replay.c - run the fuzz target over files (the corpus and every crash
 * ever found, fuzz/regression/), without libFuzzer: make check builds it
 * with ASan+UBSan and any crash fails the run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i, n = 0;

    for (i = 1; i < argc; i++) {
        size_t len;
        char *data = file_read_all(argv[i], 16u << 20, &len);
        if (!data) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        free(data);
        n++;
    }
    printf("fuzz replay: %d inputs, no crash\n", n);
    return 0;
}
