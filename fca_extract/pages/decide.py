"""The one OCR decision: does this page need OCR, and why?

:func:`is_ocr_required` (OCRmyPDF's name) is a pure function of a
:class:`PageContext` — the OCR mode, the page's text-layer words, how much of
the page one image covers, how many earlier pages of the document had a bad
text layer, and, lazily, the table borders seen in the page image. Its
:class:`OcrDecision` says yes or no with a typed :class:`OcrReason` that code
may branch on; ``str(decision)`` is the sentence written to
``pages.ocr_reason`` (code never reads it back).

A good text layer is never replaced (unless ``--ocr always``); a bad one — a
scanner's OCR that did not know Swedish, judged by
:mod:`fca_extract.pages.quality` — or none over a page image is. The
thresholds: :data:`IMAGE_PAGE_SHARE` here, the text layer's in
:class:`~fca_extract.pages.quality.Thresholds` (``DEFAULT`` over a page image,
``DIGITAL`` for a page its writer drew, and ``RELAXED`` for a page of a
document whose earlier pages had a bad layer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..model import Ruling, Word
from ..vocab import OcrMode
from .quality import DEFAULT, DIGITAL, RELAXED, VerdictKind, assess_text_layer

#: a page image covering this share of the page makes it a scanned page
IMAGE_PAGE_SHARE = 0.5


class OcrReason(StrEnum):
    """Why a page is, or is not, OCR'd."""

    FORCED = "forced"  # --ocr always
    OFF = "off"  # a page image without text, but --ocr never
    NEVER = "never"  # --ocr never: the text layer, whatever it is
    NO_TEXT_LAYER = "no_text_layer"  # a page image without text
    BLANK = "blank"  # neither text nor a page image
    NO_WORDS = "no_words"  # a text layer of punctuation only
    BAD_TEXT_LAYER = "bad_text_layer"  # the text layer is a bad OCR layer
    BAD_LIKE_EARLIER = "bad_like_earlier"  # bad on less evidence, as earlier pages were
    THIN_TEXT_LAYER = "thin_text_layer"  # a page image with too few words of text layer to judge
    TEXT_LAYER = "text_layer"  # a good text layer (or too short to judge, with no page image): kept


#: reason → (OCR the page?, its sentence; ``{detail}`` is the decision's detail)
RULES: dict[OcrReason, tuple[bool, str]] = {
    OcrReason.FORCED: (True, "OCR forced (--ocr always)"),
    OcrReason.OFF: (False, "no text layer (a page image); OCR off (--ocr never)"),
    OcrReason.NEVER: (False, "text layer (--ocr never)"),
    OcrReason.NO_TEXT_LAYER: (True, "no text layer (a page image)"),
    OcrReason.BLANK: (False, "no text (blank page)"),
    # the text layer's verdict (:class:`~fca_extract.pages.quality.Verdict`) says the rest
    OcrReason.NO_WORDS: (True, "{detail}"),
    OcrReason.BAD_TEXT_LAYER: (True, "{detail}"),
    OcrReason.BAD_LIKE_EARLIER: (True, "{detail}"),
    OcrReason.THIN_TEXT_LAYER: (True, "a page image with only {detail} characters of text layer"),
    OcrReason.TEXT_LAYER: (False, "{detail}"),
}


@dataclass(frozen=True)
class OcrDecision:
    """OCR this page or not (``required``, from the reason), and why; ``str()`` is the sentence.

    >>> d = OcrDecision(OcrReason.THIN_TEXT_LAYER, "12")
    >>> d.required, str(d)
    (True, 'a page image with only 12 characters of text layer')
    """

    required: bool = field(init=False)
    reason: OcrReason
    detail: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", RULES[self.reason][0])

    @property
    def bad_text_layer(self) -> bool:
        """Was the page's text layer judged a bad OCR layer? (Such pages make later ones suspect.)"""
        return self.reason in (OcrReason.BAD_TEXT_LAYER, OcrReason.BAD_LIKE_EARLIER)

    def __str__(self) -> str:
        return RULES[self.reason][1].format(detail=self.detail)


@dataclass(frozen=True)
class PageContext:
    """What the OCR decision for one page looks at."""

    mode: OcrMode
    words: Sequence[Word] = ()  # the text layer's
    image_share: float = 0.0  # the largest share of the page one image covers
    bad_before: int = 0  # earlier pages of the document with a bad text layer
    #: the vertical rulings seen in the page image, in PDF points (costs a rendering: asked only if needed)
    verticals: Callable[[], list[Ruling]] | None = None
    is_word: Callable[[str], bool] | None = None  # the lexicon's test; None skips the non-word evidence

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", OcrMode(self.mode))  # "auto" from a command line, or a typo: fail here

    @property
    def n_chars(self) -> int:
        return sum(len(w.text) for w in self.words)


def is_ocr_required(ctx: PageContext) -> OcrDecision:
    """The OCR decision for one page.

    >>> str(is_ocr_required(PageContext(OcrMode.AUTO, image_share=0.9)))
    'no text layer (a page image)'
    >>> is_ocr_required(PageContext(OcrMode.NEVER, image_share=0.9)).required
    False
    >>> d = is_ocr_required(PageContext(OcrMode.AUTO, [Word("Budget", 0, 0, 30, 10)], image_share=0.9))
    >>> d.reason, str(d)
    (<OcrReason.THIN_TEXT_LAYER: 'thin_text_layer'>, 'a page image with only 6 characters of text layer')
    """
    if ctx.mode is OcrMode.ALWAYS:
        return OcrDecision(OcrReason.FORCED)
    scanned = ctx.image_share >= IMAGE_PAGE_SHARE
    if ctx.mode is OcrMode.NEVER:
        return OcrDecision(OcrReason.OFF if scanned and not ctx.words else OcrReason.NEVER)
    if not ctx.words:
        return OcrDecision(OcrReason.NO_TEXT_LAYER if scanned else OcrReason.BLANK)
    verdict = assess_text_layer(ctx.words, ctx.is_word, thresholds=DEFAULT if scanned else DIGITAL)
    if not verdict.is_bad and scanned and ctx.verticals is not None:
        # a scanned page whose OCR layer reads well word by word may still have
        # read table rows across their columns: compare with the visible borders
        verdict = assess_text_layer(ctx.words, ctx.is_word, image_verticals=ctx.verticals())
    if not verdict.is_bad and scanned and ctx.bad_before:
        # one scanner made the document's pages: a short one (a budget table) is judged on less evidence
        relaxed = assess_text_layer(ctx.words, ctx.is_word, thresholds=RELAXED)
        if relaxed.is_bad:
            n = ctx.bad_before
            return OcrDecision(OcrReason.BAD_LIKE_EARLIER, f"{relaxed.reason} (like {n} earlier page{'s' if n > 1 else ''})")
    if verdict.kind is VerdictKind.EMPTY:
        return OcrDecision(OcrReason.NO_WORDS, verdict.reason)
    if verdict.kind is VerdictKind.BAD:
        return OcrDecision(OcrReason.BAD_TEXT_LAYER, verdict.reason)
    if scanned and verdict.kind is VerdictKind.TOO_FEW:  # under Thresholds.min_tokens words over a page image
        return OcrDecision(OcrReason.THIN_TEXT_LAYER, str(ctx.n_chars))
    return OcrDecision(OcrReason.TEXT_LAYER, verdict.reason + (" (over a page image)" if scanned else ""))
