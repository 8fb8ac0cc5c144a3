/*
 * qr.c - QR codes as PNG and SVG (qr.h).
 *
 * libqrencode gives the module matrix (bit 0 of each byte: dark); this file
 * only lays it out. The PNG holds one IHDR, one IDAT (zlib, every scanline
 * with filter type 0) and IEND; 1-bit greyscale, where 0 is black.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <qrencode.h>
#include <zlib.h>

#include "util/qr.h"
#include "util/banned.h"

static QRcode *encode(const char *text)
{
    size_t n = text ? strlen(text) : 0;

    if (n == 0 || n > QR_TEXT_MAX)
        return NULL;
    return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* length, type, data, CRC over type and data */
static int png_chunk(struct buf *out, const char type[4], const unsigned char *data,
                     size_t len)
{
    unsigned char head[8], tail[4];
    uLong crc;

    put_be32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    crc = crc32(0L, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, data, (uInt)len);
    put_be32(tail, (uint32_t)crc);
    if (buf_add(out, head, 8) || (len && buf_add(out, data, len)) || buf_add(out, tail, 4))
        return -1;
    return 0;
}

int qr_png(const char *text, int scale, int margin, struct buf *out)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    unsigned char ihdr[13];
    unsigned char *raw = NULL, *z = NULL;
    size_t side, row_bytes, raw_len;
    uLongf z_len;
    QRcode *qr;
    int rc = -1;

    if (scale < 1 || scale > QR_SCALE_MAX || margin < 0 || margin > 16)
        return -1;
    if (!(qr = encode(text)))
        return -1;
    side = (size_t)(qr->width + 2 * margin) * (size_t)scale;
    row_bytes = 1 + (side + 7) / 8;
    raw_len = row_bytes * side;
    raw = malloc(raw_len);
    z_len = compressBound((uLong)raw_len);
    z = malloc(z_len);
    if (!raw || !z)
        goto done;
    memset(raw, 0xff, raw_len); /* white, with filter bytes fixed below */
    for (size_t y = 0; y < side; y++) {
        unsigned char *row = raw + y * row_bytes;
        long my = (long)(y / (size_t)scale) - margin;

        row[0] = 0;
        if (my < 0 || my >= qr->width)
            continue;
        for (size_t x = 0; x < side; x++) {
            long mx = (long)(x / (size_t)scale) - margin;

            if (mx >= 0 && mx < qr->width && (qr->data[my * qr->width + mx] & 1))
                row[1 + x / 8] &= (unsigned char)~(0x80u >> (x % 8));
        }
    }
    if (compress2(z, &z_len, raw, (uLong)raw_len, 9) != Z_OK)
        goto done;
    put_be32(ihdr, (uint32_t)side);
    put_be32(ihdr + 4, (uint32_t)side);
    ihdr[8] = 1;  /* bit depth */
    ihdr[9] = 0;  /* greyscale */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering, type 0 used */
    ihdr[12] = 0; /* no interlace */
    if (buf_add(out, sig, sizeof(sig)) || png_chunk(out, "IHDR", ihdr, sizeof(ihdr)) ||
        png_chunk(out, "IDAT", z, z_len) || png_chunk(out, "IEND", NULL, 0))
        goto done;
    rc = 0;
done:
    free(raw);
    free(z);
    QRcode_free(qr);
    return rc;
}

int qr_svg(const char *text, int margin, struct buf *out)
{
    QRcode *qr;
    int side, rc = -1;

    if (margin < 0 || margin > 16 || !(qr = encode(text)))
        return -1;
    side = qr->width + 2 * margin;
    if (buf_printf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                   "shape-rendering=\"crispEdges\">"
                   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                   side, side, side, side))
        goto done;
    /* one rectangle per horizontal run of dark modules */
    for (int y = 0; y < qr->width; y++) {
        for (int x = 0; x < qr->width;) {
            int run = 0;

            while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
                run++;
            if (run) {
                if (buf_printf(out, "M%d %dh%dv1h-%dz", x + margin, y + margin, run, run))
                    goto done;
                x += run;
            } else {
                x++;
            }
        }
    }
    if (buf_adds(out, "\"/></svg>\n"))
        goto done;
    rc = 0;
done:
    QRcode_free(qr);
    return rc;
}
