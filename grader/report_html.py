"""Drawing the class report: one self-contained HTML page from `report_data.summarize`.

The plots are PNGs drawn with matplotlib's Agg backend and embedded as `data:` URIs, so
the page works offline and as a single file. It holds no script and loads nothing.
Every string that came from the results file (student names, flags, messages, and for
good measure the instructor's test names and mistake descriptions) goes through
`html.escape`.
"""

from __future__ import annotations

import base64
import html
import io

__all__ = ["figure", "render"]

_STYLE = """body{font-family:system-ui,sans-serif;max-width:74rem;margin:1.5rem auto;
padding:0 1rem;color:#1f2328}h1{margin-bottom:.2rem}h2{border-bottom:2px solid #d0d7de;
padding-bottom:.2rem;margin-top:2.2rem}h3{margin:1.2rem 0 .3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem}td,th{border:1px solid #d0d7de;
padding:.25rem .5rem;vertical-align:top;text-align:left}th{background:#f6f8fa}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#656d76}
.bar{display:inline-block;height:.7rem;background:#cf6b1d;vertical-align:middle}
.stats span{margin-right:1.4rem}img{max-width:100%}ul{margin:.2rem 0}
.flag li{font-size:.9em}td.w{white-space:nowrap}"""


def _e(value):
    return html.escape(str(value))


def _pct(share):
    return "n/a" if share is None else f"{100 * share:.0f}%"


def _num(value):
    return "n/a" if value is None else f"{value:g}"


def figure(assignment):
    """A PNG (bytes): the score histogram and the pass rate of every test cell."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    tests = assignment["tests"]
    height = 1.0 + max(2.4, 0.24 * len(tests))  # inches; margins below are fixed
    fig = Figure(figsize=(11, height), dpi=90)
    bottom, top = 0.6 / height, 1 - 0.4 / height
    # Fixed axes (no tight_layout, which costs more than the drawing): the test names
    # get 2.5 inches on the left of the pass-rate plot.
    hist_ax = fig.add_axes((0.06, bottom, 0.33, top - bottom))
    rate_ax = fig.add_axes((0.65, bottom, 0.33, top - bottom))
    hist = assignment["histogram"]
    edges, counts = hist["edges"], hist["counts"]
    widths = [b - a for a, b in zip(edges, edges[1:])]
    hist_ax.bar(edges[:-1], counts, width=widths, align="edge", color="#4c78a8",
                edgecolor="white")
    if assignment["median"] is not None:
        hist_ax.axvline(assignment["median"], color="#cf6b1d", lw=2,
                        label=f"median {assignment['median']:g}")
        hist_ax.legend(loc="upper left", frameon=False)
    hist_ax.set(xlabel=f"score (of {assignment['max_score']:g})", ylabel="students",
                title=f"scores ({assignment['graded']} graded)", xlim=(edges[0], edges[-1]))
    hist_ax.yaxis.get_major_locator().set_params(integer=True)
    names = [t["grade_id"] for t in tests][::-1]
    rates = [100 * (t["pass_rate"] or 0.0) for t in tests][::-1]
    rate_ax.barh(range(len(names)), rates, color="#54a24b", height=0.7)
    rate_ax.set_yticks(range(len(names)), names, fontsize=8)
    rate_ax.set(xlim=(0, 100), xlabel="% of graded submissions passing",
                title="pass rate per test cell")
    for spine in ("top", "right"):
        hist_ax.spines[spine].set_visible(False)
        rate_ax.spines[spine].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _exercises(assignment):
    parts = []
    for ex in assignment["exercises"]:
        parts.append(f"<h3><code>{_e(ex['name'])}</code> <span class='muted'>"
                     f"{ex['passed']} passed every test, {ex['failed']} did not</span></h3>")
        rows = [(m["mistake"], m["students"], m["share"],
                 ", ".join(f"{_e(g)} ({n})" for g, n in m["tests"].items()))
                for m in ex["mistakes"]]
        if ex["undiagnosed"]:
            rows.append(("<em>undiagnosed failure</em> (no named mistake matched)",
                         ex["undiagnosed"], ex["undiagnosed_share"],
                         ", ".join(f"{_e(g)} ({n})" for g, n in
                                   ex["undiagnosed_tests"].items())))
        if ex["not_done"]:
            rows.append(("<em>not implemented yet</em>", ex["not_done"],
                         ex["not_done_share"], "every test"))
        if not rows:
            parts.append("<p class='muted'>No failures.</p>")
            continue
        parts.append("<table><tr><th>mistake</th><th>students</th><th>of the class</th>"
                     "<th>caught by (students)</th></tr>")
        for i, (what, n, share, caught) in enumerate(rows):
            label = _e(what) if i < len(ex["mistakes"]) else what
            parts.append(f"<tr><td>{label}</td><td class='n'>{n}</td><td class='w'>"
                         f"<span class='bar' style='width:{int(200 * share)}px'></span> "
                         f"{_pct(share)}</td><td>{caught}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def _assignment(a, png):
    parts = [f"<h2 id='{_e(a['name'])}'>{_e(a['name'])}</h2><p class='stats'>"
             f"<span><b>{a['graded']}</b> graded</span>"
             f"<span><b>{a['ungradable']}</b> ungradable</span>"
             f"<span><b>{a['missing']}</b> missing</span>"
             f"<span>median <b>{_num(a['median'])}</b> / {a['max_score']:g}</span>"
             f"<span>mean {_num(None if a['mean'] is None else round(a['mean'], 2))}</span>"
             f"</p>"]
    if png:
        parts.append(f"<img alt='score histogram and pass rates of {_e(a['name'])}' "
                     f"src='data:image/png;base64,{base64.b64encode(png).decode()}'>")
    parts.append("<table><tr><th>test cell</th><th>exercise</th><th>points</th>"
                 "<th>passed</th><th>pass rate</th></tr>")
    for t in a["tests"]:
        parts.append(f"<tr><td><code>{_e(t['grade_id'])}</code></td><td>{_e(t['exercise'])}"
                     f"</td><td class='n'>{t['points']:g}</td><td class='n'>{t['passed']}"
                     f"/{t['passed'] + t['failed']}</td><td class='n'>"
                     f"{_pct(t['pass_rate'])}</td></tr>")
    parts.append("</table>")
    return "".join(parts) + _exercises(a)


def _review(data):
    parts = ["<h2 id='review'>For review</h2>"]
    if data["flagged"]:
        parts.append(f"<h3>Integrity flags ({len(data['flagged'])} submission(s))</h3>"
                     "<table class='flag'><tr><th>student</th><th>assignment</th>"
                     "<th>status</th><th>score</th><th>flags</th></tr>")
        for f in data["flagged"]:
            more = f["flag_count"] - len(f["flags"])
            items = "".join(f"<li>{_e(x)}</li>" for x in f["flags"])
            items += f"<li>... and {more} more</li>" if more > 0 else ""
            parts.append(f"<tr><td>{_e(f['student'])}</td><td>{_e(f['assignment'])}</td>"
                         f"<td>{_e(f['status'])}</td><td class='n'>{f['score']:g}/"
                         f"{f['max_score']:g}</td><td><ul>{items}</ul></td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p class='muted'>No submission has integrity flags.</p>")
    if data["ungradable"]:
        parts.append(f"<h3>Ungradable ({len(data['ungradable'])})</h3><table><tr>"
                     "<th>student</th><th>assignment</th><th>reason</th></tr>")
        parts += [f"<tr><td>{_e(u['student'])}</td><td>{_e(u['assignment'])}</td>"
                  f"<td>{_e(u['message'])}</td></tr>" for u in data["ungradable"]]
        parts.append("</table>")
    return "".join(parts)


def _top(data, count=10):
    found = [(m["students"], a["name"], ex["name"], m) for a in data["assignments"]
             for ex in a["exercises"] for m in ex["mistakes"]]
    if not found:
        return ""
    found.sort(key=lambda f: (-f[0], f[1], f[2], f[3]["mistake"]))
    rows = "".join(f"<tr><td class='w'><span class='bar' style='width:{int(200 * m['share'])}"
                   f"px'></span> {_pct(m['share'])}</td><td class='n'>{n}</td>"
                   f"<td>{_e(a)}</td><td><code>{_e(ex)}</code></td><td>{_e(m['mistake'])}</td>"
                   f"</tr>" for n, a, ex, m in found[:count])
    return (f"<h2>Most common diagnosed mistakes</h2><table><tr><th>of the class</th>"
            f"<th>students</th><th>assignment</th><th>exercise</th><th>mistake</th></tr>"
            f"{rows}</table>")


def render(data, pngs):
    """The page (str). `pngs`: {assignment: PNG bytes}."""
    toc = " · ".join(f"<a href='#{_e(a['name'])}'>{_e(a['name'])}</a>"
                     for a in data["assignments"])
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report</title>"
             f"<style>{_STYLE}</style></head><body><h1>Class report</h1>"
             f"<p class='muted'>{data['class_size']} student(s), "
             f"{len(data['assignments'])} assignment(s). Shares are of the whole class; "
             "each student counts once per mistake and exercise. Built from the gradebook "
             "and the stored test results, never by running student code.</p>"]
    if toc:
        parts.append(f"<p>{toc} · <a href='#review'>for review</a></p>")
    parts.append(_top(data))
    if not data["assignments"]:
        parts.append("<p>Nothing graded yet: run <code>python -m grader autograde</code> "
                     "first.</p>")
    parts += [_assignment(a, pngs.get(a["name"])) for a in data["assignments"]]
    parts.append(_review(data))
    parts.append("</body></html>\n")
    return "".join(parts)
