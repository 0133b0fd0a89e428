#!/usr/bin/env python3
"""Writes the manual page pycpack(1) from the binary's own help.

help2man reads only the top-level `pycpack --help`. This script lists the
subcommands from that help, runs `pycpack SUB --help` for each, turns every
one into a section of its own (an include file for help2man), and runs
help2man with that and the hand-written sections (pycpack.h2m: DESCRIPTION,
EXIT STATUS, ENVIRONMENT, FILES, SEE ALSO). The page therefore says what the
binary says, and cannot drift from it.

  make_man_page.py --pycpack BIN --extra pycpack.h2m --output pycpack.1
                   [--help2man help2man]

The page's version is the first line of `pycpack --version` ("pycpack
X.Y.Z"); the rest of that output names the libraries found where it runs
and stays out of the page. Its date is help2man's: SOURCE_DATE_EPOCH when
set (the build sets it), else today.
"""

import argparse
import os
import re
import subprocess
import sys

NAME = "compile Python ahead of time into deterministic, importable artifacts"


def run(args):
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode != 0:
        sys.exit("make_man_page: %s exited %d: %s" % (
            " ".join(args), proc.returncode, proc.stderr.strip()))
    return proc.stdout


def subcommands(top_help):
    """Names of the subcommands listed under "Subcommands:" in |top_help|."""
    names = []
    in_list = False
    for line in top_help.splitlines():
        if line.strip() == "Subcommands:":
            in_list = True
        elif in_list and re.match(r"  \S", line):
            names.append(line.split()[0])
        elif in_list and line.strip() and not line.startswith(" "):
            in_list = False
    return names


def roff(text):
    """|text| escaped for roff: backslashes, hyphens (so that options can be
    copied), and a leading dot or apostrophe."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def term(text):
    """An option's term with its flags in bold: "-j,--jobs N" ->
    "\\fB\\-j\\fR,\\fB\\-\\-jobs\\fR N"."""
    out = []
    pos = 0
    for m in re.finditer(r"(?<![\w-])--?\w[-\w]*", text):
        out.append(roff(text[pos:m.start()]) if m.start() > pos else "")
        out.append("\\fB" + m.group(0).replace("-", "\\-") + "\\fR")
        pos = m.end()
    out.append(roff(text[pos:]) if pos < len(text) else "")
    result = "".join(out)
    return "\\&" + result if result.startswith((".", "'")) else result


def entries(lines):
    """Indented "  TERM   description" lines (descriptions may continue on
    deeper-indented lines, or start on the next line) -> [(term, desc)]."""
    result = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if indent <= 2 or not result:
            parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            result.append([parts[0], parts[1] if len(parts) > 1 else ""])
        else:
            result[-1][1] = (result[-1][1] + " " + line.strip()).strip()
    return result


def section(sub, help_text):
    """The roff text of the section for `pycpack SUB --help`."""
    out = []
    blocks = re.split(r"\n\s*\n", help_text.strip("\n"))
    for block in blocks:
        lines = block.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("Usage:"):
                usage = [line[len("Usage:"):].strip()]
                i += 1
                while i < len(lines) and lines[i].startswith(" "):
                    usage.append(lines[i].strip())
                    i += 1
                out.append(".PP\n.nf")
                out.extend(roff(u) for u in usage)
                out.append(".fi")
                continue
            if (line.endswith(":") and not line.startswith(" ")
                    and i + 1 < len(lines) and lines[i + 1].startswith("  ")):
                out.append('.SS "%s"' % roff(line[:-1]).replace('"', "'"))
                i += 1
                start = i
                while i < len(lines) and lines[i].startswith(" "):
                    i += 1
                for t, desc in entries(lines[start:i]):
                    out.append(".TP\n" + term(t))
                    if desc:
                        out.append(roff(desc))
                continue
            paragraph = []
            while (i < len(lines) and not lines[i].startswith("Usage:")
                   and not (lines[i].endswith(":") and i + 1 < len(lines)
                            and lines[i + 1].startswith("  "))):
                paragraph.append(roff(lines[i].strip()))
                i += 1
            out.append(".PP")
            out.extend(paragraph)
    return "[pycpack %s]\n%s\n" % (sub, "\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pycpack", required=True)
    ap.add_argument("--extra", required=True, help="hand-written sections")
    ap.add_argument("--output", required=True)
    ap.add_argument("--help2man", default="help2man")
    a = ap.parse_args()

    version = run([a.pycpack, "--version"]).splitlines()[0]
    if not re.fullmatch(r"pycpack \d+\.\d+\.\d+\S*", version):
        sys.exit("make_man_page: unexpected first line of --version: %r" % version)
    subs = subcommands(run([a.pycpack, "--help"]))
    if not subs:
        sys.exit("make_man_page: no subcommands in `%s --help`" % a.pycpack)

    include = a.output + ".subcommands.h2m"
    with open(include, "w", encoding="utf-8") as f:
        for sub in subs:
            f.write(section(sub, run([a.pycpack, sub, "--help"])))
    run([a.help2man, "--no-info", "--name", NAME, "--version-string", version,
         "--include", include, "--include", a.extra, "--output", a.output,
         a.pycpack])
    os.remove(include)
    # No hyphenation: option names, modes and paths must stay whole.
    with open(a.output, encoding="utf-8") as f:
        page = f.read()
    page = re.sub(r"^(\.TH .*\n)", r"\1.nh\n", page, count=1, flags=re.M)
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
