"""The page every HTML view shares (audit, trend, diff): one self-contained file, a strict
Content-Security-Policy (no script, no network), a ``<main>`` landmark, one stylesheet for screen and
print, and :func:`esc` for every piece of user text.

The palette is defined once in ``:root``; tests compute WCAG contrast from it (text 4.5:1, chart marks 3:1).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from .. import __version__
from ..console import strip_controls

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

PALETTE = {
    "ink": "#1f2328", "muted": "#57606a", "line": "#d0d7de", "bg": "#ffffff", "soft": "#f6f8fa",
    "good": "#116329", "mid": "#7d4e00", "bad": "#b42318", "info": "#0550ae",
    "good-bg": "#dafbe1", "mid-bg": "#fff8c5", "bad-bg": "#ffebe9",
    "happy": "#0969da", "unhappy": "#cf222e", "recovery": "#1a7f37", "curve": "#8250df", "moment": "#9a6700",
    "grid": "#8c959f", "series-2": "#bc4c00", "series-3": "#1b7c83", "series-4": "#6e7781",
}

CSS = ":root{" + ";".join(f"--{name}:{value}" for name, value in PALETTE.items()) + "}" + """
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:28px;line-height:1.2;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:21px;margin:36px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
h3{font-size:16px;margin:20px 0 6px;overflow-wrap:anywhere}
p,li,blockquote{overflow-wrap:anywhere}td,th{overflow-wrap:break-word}
.sub{color:var(--muted);margin:0 0 4px}
.small{color:var(--muted);font-size:12px}
.verdict{font-size:18px;line-height:1.45;margin:16px 0;padding:14px 16px;border-left:6px solid var(--line);
border-radius:6px;background:var(--soft)}
.verdict.fail{background:var(--bad-bg);border-left-color:var(--bad)}
.verdict.warn{background:var(--mid-bg);border-left-color:var(--mid)}
.verdict.pass{background:var(--good-bg);border-left-color:var(--good)}
.scores{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px;margin:12px 0}
.score{border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.score h2,.score h3,.score h4{margin:0;padding:0;border:0;font-size:14px}
.score .value{font-size:34px;font-weight:700;line-height:1.2}
.score .value small{font-size:14px;font-weight:400;color:var(--muted)}
.score.good .value{color:var(--good)}.score.mid .value{color:var(--mid)}.score.bad .value{color:var(--bad)}
.score p{margin:4px 0 0;color:var(--muted);font-size:13px}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:8px 28px}
ol.fixes{padding-left:1.3em;margin:6px 0}ol.fixes li{margin:0 0 8px}
.gain{color:var(--good);font-weight:600}.cost{color:var(--bad);font-weight:600}
ul.plain{list-style:none;padding:0;margin:6px 0}
ul.routes li{border-left:5px solid var(--line);padding:4px 10px;margin:0 0 8px}
ul.routes li.happy{border-left-color:var(--happy)}ul.routes li.unhappy{border-left-color:var(--unhappy)}
ul.routes li.recovery{border-left-color:var(--recovery)}
figure{margin:16px 0 8px}figcaption{font-weight:600;margin:0 0 6px}
figure svg{display:block;width:100%;height:auto}
.narrow{display:none}
@media (max-width:640px){main{padding:16px 14px 32px}h1{font-size:24px}.wide{display:none}.narrow{display:block}
.verdict{font-size:16px}table.stack thead{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border-bottom:1px solid var(--line);padding:6px 0}
table.stack td{border:0;padding:1px 4px;text-align:left}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:12px}}
svg text{font-size:12px;fill:var(--muted)}
svg text.label{fill:var(--ink)}svg text.strong{fill:var(--ink);font-weight:600}
svg .grid{stroke:var(--line)}svg .zero{stroke:var(--grid)}svg .band{fill:var(--soft)}
svg .curve{fill:none;stroke:var(--curve);stroke-width:2.5}
svg .happy{fill:var(--happy)}svg .unhappy{fill:var(--unhappy)}svg .recovery{fill:var(--recovery)}
svg .unknown{fill:var(--bg);stroke:var(--grid);stroke-width:1.5}
svg .moment{fill:none;stroke:var(--moment);stroke-width:2}svg text.mark{fill:var(--mid);font-weight:700}
svg .bar-good{fill:var(--recovery)}svg .bar-mid{fill:var(--moment)}svg .bar-bad{fill:var(--unhappy)}
svg .gap{fill:none;stroke:var(--unhappy);stroke-dasharray:4 3}svg .limit{stroke:var(--unhappy);stroke-dasharray:6 4}
svg .s1{stroke:var(--curve)}svg .s2{stroke:var(--series-2)}
svg .s3{stroke:var(--series-3)}svg .s4{stroke:var(--series-4)}
svg .line{fill:none;stroke-width:2.5}svg .dash2{stroke-dasharray:8 4}svg .dash3{stroke-dasharray:2 3}
svg .dash4{stroke-dasharray:10 3 2 3}svg .dot{fill:var(--happy)}
.legend{font-size:13px;color:var(--muted);margin:4px 0}.legend span{margin-right:14px;white-space:nowrap}
.key{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
.key.happy{background:var(--happy)}.key.unhappy{background:var(--unhappy)}.key.recovery{background:var(--recovery)}
.key.s1{background:var(--curve)}.key.s2{background:var(--series-2)}.key.s3{background:var(--series-3)}
.key.s4{background:var(--series-4)}
blockquote{margin:0 0 10px;padding:8px 14px;border-left:4px solid var(--curve);background:var(--soft)}
blockquote p{margin:0;font-size:16px}blockquote .small{margin-top:2px}
ul.findings{list-style:none;padding:0;margin:4px 0 12px}ul.findings li{margin:0 0 8px}
.sev{display:inline-block;min-width:4.6em;text-align:center;font-size:12px;font-weight:700;border-radius:4px;
padding:0 6px;margin-right:6px;color:var(--bg);background:var(--muted)}
.sev.error,.sev.fail{color:var(--bg);background:var(--bad)}.sev.warning,.sev.warn{color:var(--bg);background:var(--mid)}
.sev.info{color:var(--bg);background:var(--info)}.sev.pass{color:var(--bg);background:var(--good)}
.why{color:var(--muted);font-size:13px}
code,.where{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px;width:100%}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}td.n,th.n{text-align:right;white-space:nowrap}
table.fixed{table-layout:fixed}table.fixed td,table.fixed th{overflow-wrap:anywhere}
td.better{color:var(--good);font-weight:600}td.worse{color:var(--bad);font-weight:600}
a{color:var(--info)}
.ok{color:var(--good)}.no{color:var(--bad)}
body>footer{color:var(--muted);font-size:12px;max-width:1040px;margin:0 auto;padding:0 20px 24px}
@page{margin:14mm}
@media print{body{font-size:10pt}.verdict{font-size:13pt}table{font-size:9pt}
main{max-width:none;padding:0}.wide{display:block}.narrow{display:none}
.newpage{break-before:page}h2,h3,figcaption{break-after:avoid}
figure,blockquote,li,tr,.score{break-inside:avoid}.scroll{overflow:visible}a{color:inherit;text-decoration:none}}
"""


def esc(text: object) -> str:
    """Any value as HTML text or attribute content: control characters dropped, markup characters escaped."""
    return html.escape(strip_controls(str(text)), quote=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
          cell_classes: Sequence[Sequence[str]] | None = None) -> str:
    """A table of plain text cells (escaped here); see :func:`table_html`."""
    return table_html(headers, [[esc(cell) for cell in row] for row in rows], numeric, cell_classes)


def table_html(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
               cell_classes: Sequence[Sequence[str]] | None = None, widths: Sequence[int] | None = None) -> str:
    """A table of cells that are HTML already. On a phone every row becomes a card of labelled cells
    (``data-label``), so no table is wider than the screen; ``widths`` (percentages per column) fix a wide
    table's layout so it also fits a printed page."""

    def attrs(index: int, extra: str = "", label: str = "") -> str:
        names = " ".join(name for name in ("n" if index in numeric else "", extra) if name)
        return (f" class={quote(names)}" if names else "") + (f" data-label={quote(label)}" if label else "")

    head = "".join(f"<th{attrs(i)}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{attrs(i, cell_classes[r][i] if cell_classes else '', headers[i])}>{cell}</td>"
                                    for i, cell in enumerate(row)) + "</tr>" for r, row in enumerate(rows))
    cols = "".join(f'<col style="width:{w}%">' for w in widths) if widths else ""
    klass = "stack fixed" if widths else "stack"
    return (f'<div class="scroll"><table class="{klass}">{f"<colgroup>{cols}</colgroup>" if cols else ""}<thead><tr>'
            f"{head}</tr></thead><tbody>{body}</tbody></table></div>")


def quote(value: str) -> str:
    """An attribute value, escaped and in double quotes."""
    return f'"{esc(value)}"'


def page(title: str, body: str, kind: str) -> str:
    """The whole document: ``title`` in the tab, ``body`` inside ``<main>``, a footer naming the tool."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(' '.join(title.split()))}</title><style>{CSS}</style></head><body><main>{body}</main>"
            f"<footer>tpscore {esc(__version__)} {esc(kind)}</footer></body></html>\n")
