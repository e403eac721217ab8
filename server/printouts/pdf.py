"""One look for every printed form: the school's name and the form's title at the top of
each page, the period, ruled tables whose heading row repeats on every page, page numbers,
when it was printed, and lines to sign. Built on fpdf2 with the CJK font of fonts.py."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import FontFace

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
        self.add_font(FONT, fname=str(fonts.working_font()))
        text = "".join((school, title, period, *all_text))
        if fonts.needs_full(text):  # a rare character: the whole font, as a fallback only
            self.add_font(f"{FONT}full", fname=str(fonts.FULL))
            self.set_fallback_fonts([f"{FONT}full"])
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
        """A ruled table; its heading row repeats at the top of every page."""
        self.set_font(FONT, size=size)
        with self.table(col_widths=[c.width for c in columns], text_align=[c.align for c in columns],
                        line_height=line_height or size * 0.55, padding=0.6,
                        headings_style=FontFace(emphasis="", fill_color=HEADING_FILL),
                        first_row_as_headings=True, repeat_headings=1) as table:
            head = table.row()
            for c in columns:
                head.cell(c.label, align="C")
            for row in rows:
                r = table.row()
                for value in row:
                    r.cell("" if value is None else str(value))
        self.set_font(FONT, size=9)

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
