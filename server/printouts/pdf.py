"""One look for every printed form: the school's name and the form's title at the top of
each page, the period, ruled tables whose heading row repeats on every page, page numbers,
when it was printed, and lines to sign. Built on fpdf2 with the CJK font of fonts.py."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fpdf import FPDF

from . import fonts

FONT = "noto"
HEADING_FILL = (236, 236, 236)


@dataclass(frozen=True)
class Column:
    label: str
    width: float            # millimetres; the table's widths are scaled to the page
    align: str = "C"        # L / C / R


class Form(FPDF):
    """A4 form: `school` and `title` head every page; `period` says what it covers."""

    def __init__(self, school: str, title: str, period: str, printed_at: dt.datetime,
                 all_text: Iterable[str] = (), landscape: bool = True):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.school, self.title_text, self.period = school, title, period
        self.printed_at = printed_at
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(True, margin=14)
        text = "".join((school, title, period, *all_text))
        # A rare character (outside GB2312): the whole font, slower to open but complete.
        self.add_font(FONT, fname=str(fonts.FULL if fonts.needs_full(text) else fonts.working_font()))
        self.set_title(f"{school} {title} {period}")
        self.set_creator("Sanguan")
        self.set_font(FONT, size=9)
        self.alias_nb_pages()
        self.add_page()

    def header(self):
        self.set_font(FONT, size=15)
        self.cell(0, 8, self.school, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=13)
        self.cell(0, 7, self.title_text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=9)
        self.cell(0, 6, self.period, align="L")
        self.cell(0, 6, f"第 {self.page_no()} 页 / 共 {{nb}} 页", align="R",
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def footer(self):
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.set_text_color(90)
        self.cell(0, 5, f"打印时间 {self.printed_at:%Y-%m-%d %H:%M} · 由记录生成，未经手工填写",
                  align="L")
        self.set_text_color(0)

    def heading(self, text: str):
        self.set_font(FONT, size=11)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=9)

    def line_of_text(self, text: str, size: float = 9):
        self.set_font(FONT, size=size)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=9)

    def grid(self, columns: Sequence[Column], rows: Iterable[Sequence[str]], size: float = 8,
             line_height: float | None = None):
        """A ruled table; its heading row repeats at the top of every page. Drawn with
        rectangles and text runs, not fpdf2's table: a month's grid is a thousand cells,
        and fpdf2 lays out each one as a paragraph. Text wider than its column wraps."""
        self.set_font(FONT, size=size)
        lh = line_height or size * 0.45
        pad = 0.8
        scale = self.epw / sum(c.width for c in columns)
        widths = [c.width * scale for c in columns]
        width_of = {}

        def measure(text: str) -> float:
            if text not in width_of:
                width_of[text] = self.get_string_width(text)
            return width_of[text]

        def lines(text: str, w: float) -> list[str]:
            room = w - 2 * pad
            if measure(text) <= room:
                return [text]
            out, line = [], ""
            for ch in text:  # Chinese breaks between any two characters
                if line and self.get_string_width(line + ch) > room:
                    out.append(line)
                    line = ""
                line += ch
            return out + [line]

        def draw(cells: list[str], heading: bool = False):
            wrapped = [lines(t, w) for t, w in zip(cells, widths)]
            h = max(len(x) for x in wrapped) * lh + 2 * pad
            if self.y + h > self.page_break_trigger and not heading:
                self.add_page()
                draw([c.label for c in columns], heading=True)
            x, y = self.l_margin, self.y
            for col, w, text_lines in zip(columns, widths, wrapped):
                self.rect(x, y, w, h, style="DF" if heading else "D")
                align = "C" if heading else col.align
                for i, line in enumerate(text_lines):
                    tx = (x + pad if align == "L" else x + w - pad - measure(line) if align == "R"
                          else x + (w - measure(line)) / 2)
                    self.text(tx, y + pad + i * lh + lh * 0.8, line)
                x += w
            self.set_y(y + h)

        self.set_fill_color(*HEADING_FILL)
        self.set_line_width(0.2)
        draw([c.label for c in columns], heading=True)
        for row in rows:
            draw(["" if v is None else str(v) for v in row])
        self.set_font(FONT, size=9)
        self.ln(2)

    def empty(self, what: str):
        """A period with no records says so, in place of a blank table."""
        self.ln(6)
        self.set_font(FONT, size=12)
        self.cell(0, 10, what, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=9)

    def signatures(self, *who: str):
        self.ln(4)
        self.set_font(FONT, size=10)
        width = (self.epw) / max(1, len(who))
        for w in who:
            self.cell(width, 8, f"{w}（签字）：________________")
        self.ln(8)

    def bytes(self) -> bytes:
        return bytes(self.output())
