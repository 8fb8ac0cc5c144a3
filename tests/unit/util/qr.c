/*
 * tests/unit/util/qr.c - the QR images of src/util/qr.c: a well-formed PNG
 * (signature, chunk CRCs, IHDR) whose pixels are libqrencode's matrix with
 * the quiet zone, an SVG with the same dark modules, refusals of bad
 * arguments, and zbarimg (a real decoder) reading the text back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <qrencode.h>
#include <zlib.h>

#include "util/qr.h"
#include "groups.h"

static const char *URL = "http://127.0.0.1:8080/s/1234?k=Zm9vYmFy";

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walks the chunks, checks each CRC, returns the inflated image data. */
static unsigned char *png_pixels(const struct buf *b, uint32_t *side, size_t *len)
{
    const unsigned char *p = (const unsigned char *)b->data, *end = p + b->len;
    unsigned char *raw;
    uLongf raw_len;
    int seen_iend = 0;

    assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
    p += 8;
    *side = 0;
    raw = NULL;
    while (p + 12 <= end && !seen_iend) {
        uint32_t n = be32(p);
        assert_true(p + 12 + n <= end);
        assert_int_equal(crc32(crc32(0L, Z_NULL, 0), p + 4, n + 4), be32(p + 8 + n));
        if (!memcmp(p + 4, "IHDR", 4)) {
            assert_int_equal(n, 13);
            *side = be32(p + 8);
            assert_int_equal(be32(p + 12), *side);
            assert_int_equal(p[16], 1); /* bit depth */
            assert_int_equal(p[17], 0); /* greyscale */
        } else if (!memcmp(p + 4, "IDAT", 4)) {
            assert_true(*side > 0);
            raw_len = (1 + (*side + 7) / 8) * *side;
            raw = malloc(raw_len);
            assert_int_equal(uncompress(raw, &raw_len, p + 8, n), Z_OK);
            *len = raw_len;
        } else if (!memcmp(p + 4, "IEND", 4)) {
            seen_iend = 1;
        }
        p += 12 + n;
    }
    assert_true(seen_iend);
    assert_ptr_equal(p, end);
    assert_non_null(raw);
    return raw;
}

static void test_qr_png_pixels_are_the_matrix(void **state)
{
    struct buf b = BUF_INIT(1 << 20);
    QRcode *qr = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    int scale = 3, margin = 4;
    uint32_t side;
    size_t len, dark = 0;
    unsigned char *px;

    assert_int_equal(qr_png(URL, scale, margin, &b), 0);
    px = png_pixels(&b, &side, &len);
    assert_int_equal(side, (uint32_t)(qr->width + 2 * margin) * scale);
    for (uint32_t y = 0; y < side; y++) {
        const unsigned char *row = px + y * (1 + (side + 7) / 8);
        assert_int_equal(row[0], 0); /* filter: none */
        for (uint32_t x = 0; x < side; x++) {
            int black = !(row[1 + x / 8] & (0x80 >> (x % 8)));
            int mx = (int)(x / scale) - margin, my = (int)(y / scale) - margin;
            int want = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
                       (qr->data[my * qr->width + mx] & 1);
            assert_int_equal(black, want);
            dark += black;
        }
    }
    assert_true(dark > 0);
    free(px);
    QRcode_free(qr);
    buf_release(&b);
}

static void test_qr_svg_has_every_dark_module(void **state)
{
    struct buf b = BUF_INIT(1 << 20);
    QRcode *qr = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    long covered = 0, dark = 0;
    const char *p;
    char head[128];

    assert_int_equal(qr_svg(URL, 4, &b), 0);
    snprintf(head, sizeof(head), "viewBox=\"0 0 %d %d\"", qr->width + 8, qr->width + 8);
    assert_non_null(strstr(b.data, head));
    for (int i = 0; i < qr->width * qr->width; i++)
        dark += qr->data[i] & 1;
    /* sum of the runs' lengths = dark modules */
    for (p = strchr(b.data, 'M'); p; p = strchr(p + 1, 'M')) {
        int x, y, run, back;
        assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz", &x, &y, &run, &back), 4);
        assert_int_equal(run, back);
        for (int i = 0; i < run; i++)
            assert_true(qr->data[(y - 4) * qr->width + x - 4 + i] & 1);
        covered += run;
    }
    assert_int_equal(covered, dark);
    QRcode_free(qr);
    buf_release(&b);
}

static void test_qr_refuses_bad_arguments(void **state)
{
    struct buf b = BUF_INIT(1 << 20);
    char *big = malloc(QR_TEXT_MAX + 2);

    memset(big, 'a', QR_TEXT_MAX + 1);
    big[QR_TEXT_MAX + 1] = '\0';
    assert_int_equal(qr_png("", 4, 4, &b), -1);
    assert_int_equal(qr_png(NULL, 4, 4, &b), -1);
    assert_int_equal(qr_png(big, 4, 4, &b), -1);
    assert_int_equal(qr_png("x", 0, 4, &b), -1);
    assert_int_equal(qr_png("x", QR_SCALE_MAX + 1, 4, &b), -1);
    assert_int_equal(qr_png("x", 4, -1, &b), -1);
    assert_int_equal(qr_svg("", 4, &b), -1);
    assert_int_equal(b.len, 0);
    /* a buffer too small for the image: refused, not truncated silently */
    buf_init(&b, 64);
    assert_int_equal(qr_png(URL, 8, 4, &b), -1);
    free(big);
    buf_release(&b);
}

/* zbarimg is a separate implementation reading the pixels like a phone. */
static void test_qr_png_decodes_with_zbarimg(void **state)
{
    struct buf b = BUF_INIT(1 << 20);
    char path[] = "/tmp/lf-qr-XXXXXX", cmd[256], line[2048];
    const char *text = "http://127.0.0.1:8080/v/42?扫码登记";
    FILE *f, *p;
    int fd;

    if (system("command -v zbarimg >/dev/null 2>&1") != 0)
        fail_msg("zbarimg missing: scripts/deps test installs zbar-tools");
    assert_int_equal(qr_png(text, 4, 4, &b), 0);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "zbarimg --quiet --raw %s 2>/dev/null", path);
    p = popen(cmd, "r");
    assert_non_null(p);
    assert_non_null(fgets(line, sizeof(line), p));
    line[strcspn(line, "\n")] = '\0';
    assert_int_equal(pclose(p), 0);
    assert_string_equal(line, text);
    unlink(path);
    buf_release(&b);
}

int test_group_qr(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qr_png_pixels_are_the_matrix),
        cmocka_unit_test(test_qr_svg_has_every_dark_module),
        cmocka_unit_test(test_qr_refuses_bad_arguments),
        cmocka_unit_test(test_qr_png_decodes_with_zbarimg),
    };
    return cmocka_run_group_tests_name("util/qr", tests, NULL, NULL);
}
