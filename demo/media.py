"""Small, real, deterministic files (PDF, DOCX, JPEG) so the demo content looks and searches like the real thing."""

import io
import math
import random
import unicodedata
import zipfile
from datetime import UTC, datetime

from docx import Document
from fpdf import FPDF
from PIL import Image, ImageColor, ImageDraw, ImageFilter

# A fixed date makes the same input give the same bytes, so regenerating the demo does not churn files.
FIXED_DATE = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
PRODUCER = "Socialab demo"

# Helvetica is not embedded (tiny files, identical on every machine); WinAnsi (cp1252) covers French and Spanish,
# including ’ « » – … œ, which plain Latin-1 lacks. Only characters outside cp1252 are transliterated.
PDF_ENCODING = "cp1252"
TRANSLITERATIONS = {
    "\u202f": " ",  # narrow no-break space, used in French before ; : ! ?
    "\u2009": " ",
    "\u200b": "",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2032": "'",
    "\u2033": '"',
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2713": "v",
}
PAGE_LABELS = {"fr": "Page", "es": "Página", "en": "Page", "pt": "Página"}
ACCENT_RGB = (42, 127, 128)
INK_RGB = (34, 45, 52)
MUTED_RGB = (96, 108, 116)


def _pdf_text(text: str) -> str:
    """Text Helvetica can show: cp1252 kept as is, the rest transliterated so fpdf2 never raises on editor input."""
    out = []
    for char in text:
        char = TRANSLITERATIONS.get(char, char)
        try:
            char.encode(PDF_ENCODING)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            try:
                char = base.encode(PDF_ENCODING).decode(PDF_ENCODING) if base else "?"
            except UnicodeEncodeError:
                char = "?"
        if char and (char in "\n\t" or unicodedata.category(char[0]) != "Cc"):
            out.append(char)
    return "".join(out)


class _DemoPDF(FPDF):
    """A4 page with a thin accent band on top and a centred footer carrying the page numbers."""

    footer_text = ""
    page_label = "Page"

    def header(self):
        self.set_fill_color(*ACCENT_RGB)
        self.rect(0, 0, self.w, 3, style="F")

    def footer(self):
        self.set_y(-15)
        self.set_draw_color(200, 208, 212)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED_RGB)
        parts = [self.footer_text] if self.footer_text else []
        parts.append(f"{self.page_label} {self.page_no()}/{{nb}}")
        self.cell(0, 8, "  ·  ".join(parts), align="C")


def make_pdf(title: str, paragraphs: list[str], *, language: str = "fr", subtitle: str = "", footer: str = "") -> bytes:
    """A real, small, multi-page A4 PDF whose text pypdf extracts with its accents, for demo resource attachments."""
    pdf = _DemoPDF(format="A4")
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.footer_text = _pdf_text(footer)
    pdf.page_label = PAGE_LABELS.get(language.split("-")[0].lower(), "Page")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()

    pdf.set_font("Helvetica", style="B", size=20)
    pdf.set_text_color(*INK_RGB)
    pdf.multi_cell(0, 9, _pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.ln(1)
        pdf.set_font("Helvetica", style="I", size=12)
        pdf.set_text_color(*MUTED_RGB)
        pdf.multi_cell(0, 6, _pdf_text(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_draw_color(*ACCENT_RGB)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 30, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(6)

    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            if pdf.will_page_break(30):  # keep a heading with the start of its section
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font("Helvetica", style="B", size=13)
            pdf.set_text_color(*ACCENT_RGB)
            pdf.multi_cell(0, 7, _pdf_text(paragraph[3:].strip()), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        else:
            pdf.set_font("Helvetica", size=11)
            pdf.set_text_color(*INK_RGB)
            pdf.multi_cell(0, 5.8, _pdf_text(paragraph.strip()), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with fixed member timestamps, because python-docx stamps members with the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info))
    return out.getvalue()


def make_docx(title: str, paragraphs: list[str], *, language: str = "fr") -> bytes:
    """A valid Word document with real Heading styles, so the demo exercises DOCX extraction like an upload would."""
    document = Document()
    document.add_heading(title, level=0)
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            document.add_heading(paragraph[3:].strip(), level=1)
        else:
            document.add_paragraph(paragraph.strip())
    properties = document.core_properties
    properties.title = title
    properties.author = PRODUCER
    properties.last_modified_by = PRODUCER
    properties.language = language
    properties.revision = 1
    properties.created = FIXED_DATE.replace(tzinfo=None)
    properties.modified = FIXED_DATE.replace(tzinfo=None)
    properties.last_printed = FIXED_DATE.replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


# Muted palettes: two background tones, four accents from strong to light, then a dark ink.
PALETTES = {
    "teal": "#eef6f4 #d4e9e5 #2a7f80 #60aca3 #f0c492 #e28a70 #264252",
    "plum": "#f7f0f5 #e6d8e5 #7a4c78 #b284aa #f2c0a0 #688aa8 #3a2c46",
    "ochre": "#fbf4e5 #f0e1c2 #be8830 #e0b668 #74968a #b8684a #483c30",
    "green": "#f0f6eb #dcecd4 #4e8656 #8cba7a #eac676 #5c8498 #2c4634",
}
SCALE = 2  # drawn at twice the size then reduced: Pillow does not antialias shapes


def _wobbly_ring(cx, cy, radius, rng, points=90):
    """A closed, gently irregular curve, like a contour line on a map."""
    waves = [(k + 2, rng.uniform(0.01, 0.07 / (k + 1)), rng.uniform(0, math.tau)) for k in range(3)]
    ring = []
    for i in range(points + 1):
        angle = math.tau * i / points
        r = radius * (1 + sum(a * math.sin(n * angle + phase) for n, a, phase in waves))
        ring.append((cx + r * math.cos(angle), cy + r * 0.8 * math.sin(angle)))
    return ring


def _dashes(start, end, rng, dash):
    """A quadratic Bézier with a random bend, cut into dashes of even length: a path between places."""
    (x0, y0), (x2, y2) = start, end
    bend = rng.uniform(-0.35, 0.35)
    x1, y1 = (x0 + x2) / 2 - (y2 - y0) * bend, (y0 + y2) / 2 + (x2 - x0) * bend
    steps = 8 * int(math.dist(start, end) / dash) + 8  # several points per dash, so each dash has the same length
    points = [
        ((1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t**2 * x2, (1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t**2 * y2)
        for t in (i / steps for i in range(steps + 1))
    ]
    dashes, current, travelled = [], [points[0]], 0.0
    for previous, point in zip(points, points[1:], strict=False):
        travelled += math.dist(previous, point)
        if int(travelled // dash) % 2 == 0:
            current.append(point)
        else:
            dashes.append(current)
            current = []
    return [dash for dash in [*dashes, current] if len(dash) > 1]


def make_illustration(seed: str, *, width: int = 1200, height: int = 675, palette: str = "teal") -> bytes:
    """An abstract JPEG (places, paths, overlapping circles; never people) so demo pages need no photos of children."""
    if palette not in PALETTES:
        raise ValueError(f"Unknown palette {palette!r}; choose one of {', '.join(PALETTES)}.")
    rng = random.Random(seed)
    light, light2, *accents, ink = (ImageColor.getrgb(c) for c in PALETTES[palette].split())
    w, h = width * SCALE, height * SCALE

    # Soft background: a diagonal gradient computed on a tiny grid, then enlarged smoothly.
    angle = rng.uniform(0, math.tau)
    dx, dy = math.cos(angle), math.sin(angle)
    mask = Image.new("L", (64, 36))
    mask.putdata(
        [int(127.5 + 127.5 * (dx * (x / 32 - 1) + dy * (y / 18 - 1)) / 1.42) for y in range(36) for x in range(64)]
    )
    image = Image.composite(
        Image.new("RGBA", (w, h), light2), Image.new("RGBA", (w, h), light), mask.resize((w, h), Image.BICUBIC)
    )

    # Large blurred blobs, drawn small and enlarged: cheap and very soft.
    small = Image.new("RGBA", (w // 8, h // 8), (*light, 0))
    draw = ImageDraw.Draw(small)
    for _ in range(4):
        r = rng.uniform(0.18, 0.42) * small.height
        x, y = rng.uniform(0, small.width), rng.uniform(0, small.height)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*rng.choice(accents), rng.randint(50, 90)))
    image.alpha_composite(small.filter(ImageFilter.GaussianBlur(small.height / 14)).resize((w, h), Image.BICUBIC))
    image = image.convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")  # RGBA drawing on an RGB image blends: overlaps show through

    # Map tiles, then contour lines around one or two "hills".
    for _ in range(rng.randint(2, 3)):
        tw, th = rng.uniform(0.16, 0.3) * w, rng.uniform(0.2, 0.4) * h
        x, y = rng.uniform(0, w - tw), rng.uniform(0, h - th)
        draw.rounded_rectangle((x, y, x + tw, y + th), radius=28 * SCALE, fill=(255, 255, 255, 70))
    for _ in range(rng.randint(1, 2)):
        cx, cy, colour = rng.uniform(0.15, 0.85) * w, rng.uniform(0.2, 0.8) * h, rng.choice(accents)
        for ring in range(rng.randint(4, 6)):
            draw.line(_wobbly_ring(cx, cy, (0.08 + 0.072 * ring) * h, rng), fill=(*colour, 80), width=2 * SCALE)

    # Places spread over the canvas, joined by dashed paths, with clusters of overlapping circles: shared ground.
    places = []
    while len(places) < 6:
        candidate = (rng.uniform(0.08, 0.92) * w, rng.uniform(0.12, 0.88) * h)
        if all(math.dist(candidate, p) > 0.22 * h for p in places):
            places.append(candidate)
    places.sort()
    links = [*zip(places, places[1:], strict=False), (places[0], places[rng.randint(2, len(places) - 1)])]
    for start, end in links:
        for dash in _dashes(start, end, rng, dash=7 * SCALE):
            draw.line(dash, fill=(*ink, 120), width=3 * SCALE)
    for x, y in rng.sample(places, 3):
        for _ in range(3):
            r = rng.uniform(0.06, 0.13) * h
            ox, oy = rng.uniform(-0.6, 0.6) * r, rng.uniform(-0.6, 0.6) * r
            draw.ellipse((x + ox - r, y + oy - r, x + ox + r, y + oy + r), fill=(*rng.choice(accents), 100))
    for x, y in places:
        r = rng.uniform(0.018, 0.03) * h
        colour = rng.choice([*accents[:2], ink])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour, outline=(255, 255, 255), width=3 * SCALE)

    output = io.BytesIO()
    image.resize((width, height), Image.LANCZOS).save(output, "JPEG", quality=80, optimize=True)
    return output.getvalue()
