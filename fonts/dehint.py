"""Makes one face of Vanban Serif from the same face of Liberation Serif 2.1.5: every glyph,
every OpenType feature, every metric and the kern table are kept; the TrueType hinting
(glyph instructions, fpgm, prep, cvt, gasp, hdmx) is removed, and the family is renamed,
as the SIL OFL 1.1 requires of a modified version (Reserved Font Names: Liberation, Tinos,
Arimo, Cousine). PDF viewers do not use TrueType hinting; without it every PDF embeds about
half the font data, and Typst compresses half as much per document.

Usage: python dehint.py IN.ttf OUT.ttf   (see make-fonts.sh)
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

OLD, NEW = "Liberation Serif", "Vanban Serif"
OLD_PS, NEW_PS = "LiberationSerif", "VanbanSerif"


def main(src: str, dst: str) -> None:
    font = TTFont(src, recalcTimestamp=False)
    opts = subset.Options()
    opts.glyph_names = False  # post table format 3: glyph names are not needed
    opts.hinting = False
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.legacy_kern = True
    opts.notdef_outline = True
    opts.notdef_glyph = True
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = False
    opts.drop_tables += ["FFTM"]
    s = subset.Subsetter(options=opts)
    s.populate(glyphs=font.getGlyphOrder())
    s.subset(font)

    name = font["name"]
    for rec in name.names:
        text = rec.toUnicode()
        if rec.nameID == 7:
            # The Liberation trademark notice does not apply to a renamed font.
            text = ""
        elif rec.nameID == 3:
            text = f"{NEW} {style(font)}; {version(font)}; hinting removed"
        elif rec.nameID == 10:
            text = (
                f"{NEW} is {OLD} 2.1.5 with its TrueType hinting removed and the family "
                "renamed, made for vanban. " + text
            )
        else:
            text = text.replace(OLD, NEW).replace(OLD_PS, NEW_PS)
        rec.string = text
    name.names = [r for r in name.names if r.toUnicode() != ""]
    font.save(dst)


def style(font: TTFont) -> str:
    return font["name"].getDebugName(2) or "Regular"


def version(font: TTFont) -> str:
    return font["name"].getDebugName(5) or ""


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
