/*
 * qr.h - QR codes (libqrencode) as PNG and SVG images.
 *
 * The PNG is 1-bit greyscale written here with zlib (no libpng): `scale`
 * pixels per module and a quiet zone of `margin` modules (4 by ISO/IEC
 * 18004; less makes phone cameras miss it). Error correction level M
 * (15 %), which survives a poster's creases and a bit of glare.
 */
#ifndef LF_QR_H
#define LF_QR_H
#include "util/buf.h"

#define QR_TEXT_MAX 1024    /* bytes of text; a URL of ours is far shorter */
#define QR_SCALE_MAX 40

/* 0 on success; -1 when text is empty or longer than QR_TEXT_MAX, scale is
 * outside 1..QR_SCALE_MAX, margin outside 0..16, or out of memory. */
int qr_png(const char *text, int scale, int margin, struct buf *out);
/* A standalone SVG whose viewBox counts modules (scales to any size). */
int qr_svg(const char *text, int margin, struct buf *out);

#endif
