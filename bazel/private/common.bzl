"""What every pycpack action shares: the tool, the worker contract, paths."""

# Every pycpack action may run as a JSON persistent worker, singleplex or
# multiplexed, in a worker sandbox, and may be cancelled; the same command
# line also runs one-shot (local, sandboxed, remote). Bazel 4.2.3 needs
# --experimental_worker_allow_json_protocol for these actions to run at all.
WORKER_EXECUTION_REQUIREMENTS = {
    "supports-workers": "1",
    "supports-multiplex-workers": "1",
    "supports-multiplex-sandboxing": "1",
    "supports-worker-cancellation": "1",
    "requires-worker-protocol": "json",
}

TOOL_ATTRS = {
    "tool": attr.label(
        default = Label("//bazel:tool"),
        executable = True,
        cfg = "exec",
        allow_files = True,
        doc = "The pycpack executable, built for the execution platform " +
              "(default: the --@pycpack//bazel:tool flag).",
    ),
}

def params_args(ctx):
    """An Args whose contents always go to a multiline @params file.

    Bazel passes the params file as the last argument: a worker receives its
    lines as the WorkRequest's arguments, a one-shot run reads the file."""
    args = ctx.actions.args()
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    return args

def normalize(path, what):
    """|path| ('/'-separated) without '.' and empty components; fails on '..'."""
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            fail("%s: '..' is not allowed (got %r)" % (what, path))
        parts.append(part)
    return "/".join(parts)

def join(*parts):
    """The non-empty |parts| joined with '/'."""
    return "/".join([p for p in parts if p])

def path_in_root(f):
    """|f|'s path below its root: the source tree or bazel-out/<cfg>/bin
    ("pkg/x.py", "external/repo/pkg/x.py"), the same for source and
    generated files."""
    if not f.root.path:
        return f.path
    return f.path[len(f.root.path) + 1:]

def package_dir(label):
    """The directory of |label|'s package below a root."""
    return join(label.workspace_root, label.package)

def check_levels(levels, what):
    """Fails unless |levels| is a non-empty list of distinct 0, 1, 2."""
    if not levels:
        fail("%s: list 0, 1 and/or 2" % what)
    for i, level in enumerate(levels):
        if level not in (0, 1, 2):
            fail("%s: optimization level %d is not one of 0, 1, 2" % (what, level))
        if level in levels[:i]:
            fail("%s: level %d is listed twice" % (what, level))
