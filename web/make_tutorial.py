#!/usr/bin/env python3
"""make_tutorial.py — tutorial.html from its template: each `<!-- example: ID -->` becomes that
example's program (examples/ID.rs, HTML-escaped) in a <pre data-brigade> block, so the page and
the playground show one text.

    python3 web/make_tutorial.py TEMPLATE EXAMPLES_DIR OUT
"""
import html
import os
import re
import sys


def main() -> int:
    template, examples, out = sys.argv[1:4]
    text = open(template, encoding="utf-8").read()

    def block(match: "re.Match[str]") -> str:
        name = match.group(1)
        path = os.path.join(examples, name + ".rs")
        if not os.path.isfile(path):
            raise SystemExit(f"make_tutorial.py: {template} names example '{name}', but {path} does not exist")
        source = open(path, encoding="utf-8").read()
        return f'<pre data-brigade id="example-{name}"><code class="language-rust">{html.escape(source, quote=False)}</code></pre>'

    text = re.sub(r"<!-- example: ([a-z_]+) -->", block, text)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
