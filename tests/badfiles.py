"""Bad input files, made on the fly: each the smallest real example of one way a PDF goes wrong."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def make_blank(path: Path, pages: int = 500) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        pdf.pages[-1].obj.Contents = pdf.make_stream(b"\n")
    pdf.save(path)
    return path


def make_bomb(path: Path, gib: int = 4) -> Path:
    """One page whose FlateDecode content stream expands to ``gib`` GiB of zeros; the file is about 1 MB per GiB.

    Built from one compressed 16 MiB block repeated (after a full flush a block of
    zeros compresses to the same bytes), with the Adler-32 of n zeros (a=1, b=n).
    """
    import pikepdf

    chunk = 1 << 24
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    c.compress(bytes(chunk))
    c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    n = (gib << 30) // chunk
    total = n * chunk
    data = b"\x78\xda" + block * n + c.flush() + struct.pack(">I", (1 + ((total % 65521) << 16)) & 0xFFFFFFFF)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    s = pikepdf.Stream(pdf, data)
    s.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].obj.Contents = s
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path


def make_slow(path: Path, ops: int = 300_000) -> Path:
    """A small PDF that keeps pdfminer busy for a long time (hundreds of thousands of text objects)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET\n" % (i % 500, (i // 500) % 800) for i in range(ops)))
    pdf.save(path)
    return path


def make_encrypted(src: Path, dest: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for p in PdfReader(src).pages:
        w.add_page(p)
    w.encrypt(user_password="hemligt", owner_password="ägare", algorithm="AES-256")
    with open(dest, "wb") as f:
        w.write(f)
    return dest


def make_non_fca(path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8.27, 11.69))
    fig.text(0.1, 0.9, "Protokoll från styrelsemöte", fontsize=18)
    fig.text(0.1, 0.85, "1 Mötets öppnande", fontsize=11)
    fig.text(0.1, 0.82, "Ordföranden hälsade alla välkomna och förklarade mötet öppnat.", fontsize=10)
    fig.savefig(path)
    plt.close(fig)
    return path


def make_foreign(path: Path, pages: int = 20) -> Path:
    """A report that is not an FCA document: numbered English sections over ``pages`` pages of text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for i in range(1, pages + 1):
            fig = plt.figure(figsize=(8.27, 11.69))
            fig.text(0.1, 0.9, f"{i} Quarterly results, part {i}", fontsize=14)
            for j in range(12):
                fig.text(0.1, 0.85 - j * 0.03, f"Revenue in region {j} rose by {i + j} percent compared with the previous quarter.", fontsize=9)
            pdf.savefig(fig)
            plt.close(fig)
    return path
