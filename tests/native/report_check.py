#!/usr/bin/env python3
"""Renders a report.html in headless Chromium and checks what a reader sees.

Usage: report_check.py CHROMIUM REPORT.html SCREENSHOT.png

A copy of the page, next to it (so that its relative links hold), gets a
small script that records script errors and resources that fail to load,
and at the load event opens every <details> and measures: every <img> decoded (complete, natural
width > 0), the page no wider than the window, and the elements that stick
out. Chromium prints the DOM (--dump-dom) with the findings in it; its
console messages (--enable-logging) count as errors too. A screenshot of
the original page is kept. Exit 0 when the page is clean, 1 otherwise
(each problem on a line), 2 on bad usage, 3 when Chromium fails.
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

WIDTH, HEIGHT = 1400, 2200

PROBE = """<script>
window.__kmbErrors = [];
window.addEventListener('error', function (e) {
  var t = e.target;
  if (t && t !== window && (t.src || t.href))
    window.__kmbErrors.push('failed to load ' + String(t.src || t.href).slice(0, 80));
  else
    window.__kmbErrors.push('script error: ' + e.message);
}, true);
(function () {
  var ce = console.error;
  console.error = function () {
    window.__kmbErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return ce.apply(console, arguments);
  };
})();
window.addEventListener('load', function () {
  /* folded tables count too: open every <details> before measuring */
  Array.prototype.forEach.call(document.querySelectorAll('details'),
                               function (d) { d.open = true; });
  var imgs = Array.prototype.slice.call(document.images);
  var bad = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                .map(function (i) { return i.alt || String(i.src).slice(0, 60); });
  var vw = document.documentElement.clientWidth;
  var wide = Array.prototype.slice.call(document.body.querySelectorAll('*'))
    .filter(function (e) { return e.getBoundingClientRect().right > vw + 1; })
    .slice(0, 5).map(function (e) {
      return e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
             ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')';
    });
  var r = { images: imgs.length, undecoded: bad, viewport: vw,
            page_width: document.documentElement.scrollWidth, wide: wide,
            errors: window.__kmbErrors };
  var p = document.createElement('pre');
  p.id = 'kmb-check';
  p.textContent = JSON.stringify(r);
  document.body.appendChild(p);
});
</script>"""


def chromium(binary, profile, args, timeout=180):
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--user-data-dir=" + profile, "--window-size=%d,%d" % (WIDTH, HEIGHT)] + args
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        sys.exit("report_check: chromium did not finish within %d s" % timeout)


def check(binary, page, shot):
    with open(page, encoding="utf-8") as f:
        text = f.read()
    head = text.find("<head>")
    if head < 0:
        return ["no <head> in %s" % page]
    probed = text[:head + 6] + PROBE + text[head + 6:]
    folder = os.path.dirname(os.path.abspath(page))
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        fd, copy = tempfile.mkstemp(prefix=".check-", suffix=".html", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(probed)
            run = chromium(binary, profile, ["--enable-logging=stderr", "--v=0",
                                             "--virtual-time-budget=10000", "--dump-dom",
                                             "file://" + copy])
        finally:
            os.unlink(copy)
        m = re.search(r'<pre id="kmb-check">(.*?)</pre>', run.stdout, re.S)
        if not m:
            sys.stderr.write(run.stderr[-2000:])
            print("report_check: chromium exited %d without the page's findings" %
                  run.returncode, file=sys.stderr)
            sys.exit(3)
        r = json.loads(html.unescape(m.group(1)))
        for line in run.stderr.splitlines():
            if ":CONSOLE" in line:
                problems.append("console: " + line.strip()[:300])
        problems += r["errors"]
        problems += ["image does not decode: %s" % a for a in r["undecoded"]]
        if r["page_width"] > r["viewport"]:
            problems.append("the page is %d px wide in a %d px window; sticking out: %s" %
                            (r["page_width"], r["viewport"], ", ".join(r["wide"])))
        shot_run = chromium(binary, profile, ["--screenshot=" + os.path.abspath(shot),
                                              "file://" + os.path.abspath(page)])
        if not os.path.exists(shot) or os.path.getsize(shot) == 0:
            sys.stderr.write(shot_run.stderr[-2000:])
            print("report_check: no screenshot written", file=sys.stderr)
            sys.exit(3)
    print("%s: %d images, page %d px in a %d px window, %d problems" %
          (page, r["images"], r["page_width"], r["viewport"], len(problems)))
    return problems


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    problems = check(*sys.argv[1:])
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
