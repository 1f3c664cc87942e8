"""Small trend charts as inline SVG for the HTML report: no script and no file outside the page, so the page
prints and mails as one file. A rate runs on a 0–100 % scale (up to the highest rate when one is above 100 %, as
visits beyond their quota can be); a month with nothing to count (0/0) has no
point and breaks the line."""

from dataclasses import dataclass

from commscli.domain.reports import Rate


@dataclass(frozen=True)
class Geometry:
    width: float = 260
    height: float = 96
    left: float = 34  # room for the 0 % / 50 % / 100 % labels
    right: float = 10
    top: float = 8
    bottom: float = 20  # room for the first and last month

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    def x(self, i: int, n: int) -> float:
        return self.left + (i * self.plot_width / (n - 1) if n > 1 else self.plot_width / 2)

    def y(self, value: float, scale: float = 1.0) -> float:
        """The height of ``value`` on a 0..``scale`` axis (``scale`` 1: 0–100 %)."""
        return self.top + (1 - value / scale) * self.plot_height


CHART = Geometry()


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def trend_svg(trend, title: str) -> str:
    """The SVG text of one trend of Rates (its months the oldest first); ``title`` is its label."""
    from markupsafe import Markup, escape

    g = CHART
    n = len(trend.months)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" data-key="{escape(trend.key)}"'
        f' viewBox="0 0 {_n(g.width)} {_n(g.height)}" width="{_n(g.width)}" height="{_n(g.height)}"'
        f' role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    points = [(i, v.value) for i, v in enumerate(trend.values) if isinstance(v, Rate) and v.value is not None]
    scale = max([1.0, *(v for _, v in points)])
    for share in (0, scale / 2, scale):
        y = _n(g.y(share, scale))
        parts.append(
            f'<line x1="{_n(g.left)}" y1="{y}" x2="{_n(g.width - g.right)}" y2="{y}" stroke="#ccc" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{_n(g.left - 3)}" y="{y}" font-size="8" text-anchor="end" dominant-baseline="middle">'
            f"{round(share * 100)}%</text>"
        )
    for i, anchor in ((0, "start"), (n - 1, "end")):
        parts.append(
            f'<text x="{_n(g.x(i, n))}" y="{_n(g.height - 4)}" font-size="8" text-anchor="{anchor}">'
            f"{escape(trend.months[i])}</text>"
        )
    run: list = []
    runs = []
    for i, value in points:
        if run and run[-1][0] != i - 1:
            runs.append(run)
            run = []
        run.append((i, value))
    if run:
        runs.append(run)
    for r in runs:
        if len(r) > 1:
            coords = " ".join(f"{_n(g.x(i, n))},{_n(g.y(v, scale))}" for i, v in r)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="#246" stroke-width="1.2"/>')
    for i, value in points:
        rate = trend.values[i]
        parts.append(
            f'<circle cx="{_n(g.x(i, n))}" cy="{_n(g.y(value, scale))}" r="2.2" fill="#246"'
            f' data-month="{escape(trend.months[i])}" data-value="{value:.6f}">'
            f"<title>{escape(trend.months[i])}: {escape(rate.display)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
