"""pycpack_pycs: one `pycpack precompile` action per source, as rules_python."""

load(
    ":common.bzl",
    "TOOL_ATTRS",
    "WORKER_EXECUTION_REQUIREMENTS",
    "check_levels",
    "join",
    "package_dir",
    "params_args",
    "path_in_root",
)

def pyc_basenames(stem, version, levels):
    """importlib's names: "mod.cpython-311.pyc", "mod.cpython-311.opt-2.pyc"."""
    tag = "cpython-" + version.replace(".", "")
    return [
        "%s.%s%s.pyc" % (stem, tag, ".opt-%d" % level if level else "")
        for level in levels
    ]

def _startup_args(ctx):
    """Arguments before the @params file: a worker's start-up line."""
    out = ["precompile"]
    if ctx.attr.interpreter:
        out += ["--interpreter", "%s=%s" % (ctx.attr.python_version, ctx.attr.interpreter)]
    return out

def _pycpack_pycs_impl(ctx):
    check_levels(ctx.attr.optimize, "%s: optimize" % ctx.label)
    pkg = package_dir(ctx.label)
    startup = _startup_args(ctx)
    all_pycs = []
    for src in ctx.files.srcs:
        in_root = path_in_root(src)
        if pkg and not in_root.startswith(pkg + "/"):
            fail("%s: %s is not in this package" % (ctx.label, src.short_path))
        rel = in_root[len(pkg) + 1:] if pkg else in_root
        rel_dir = rel[:-len(src.basename)].rstrip("/")
        names = pyc_basenames(src.basename[:-len(".py")], ctx.attr.python_version,
                              ctx.attr.optimize)
        pycs = [ctx.actions.declare_file(join(rel_dir, "__pycache__", n)) for n in names]
        args = params_args(ctx)
        args.add("--invalidation_mode", ctx.attr.invalidation_mode.upper())
        args.add("--python_version", ctx.attr.python_version)
        for level in ctx.attr.optimize:
            args.add("--optimize", str(level))
        if ctx.attr.strip_docstrings:
            args.add("--strip_docstrings")
        args.add("--src", src)
        args.add("--src_name", src.short_path)  # co_filename, as rules_python
        for pyc in pycs:
            args.add("--pyc", pyc)
        ctx.actions.run(
            mnemonic = "PycpackCompile",
            executable = ctx.executable.tool,
            arguments = startup + [args],
            inputs = [src],
            outputs = pycs,
            execution_requirements = WORKER_EXECUTION_REQUIREMENTS,
            progress_message = "Compiling %s" % src.short_path,
        )
        all_pycs += pycs
    return [DefaultInfo(
        files = depset(all_pycs),
        runfiles = ctx.runfiles(files = ctx.files.srcs + all_pycs),
    )]

pycpack_pycs = rule(
    implementation = _pycpack_pycs_impl,
    doc = "Compiles each source of this package to " +
          "__pycache__/<stem>.cpython-XY[.opt-N].pyc beside it in the bin " +
          "directory; runfiles hold sources and pycs in one tree.",
    attrs = dict(TOOL_ATTRS, **{
        "srcs": attr.label_list(
            allow_files = [".py"],
            doc = "Python sources of this package (source or generated).",
        ),
        "optimize": attr.int_list(
            default = [0],
            doc = "Levels to compile for: one pyc per level.",
        ),
        "invalidation_mode": attr.string(
            default = "checked_hash",
            values = ["checked_hash", "unchecked_hash"],
            doc = "PEP 552 hash-based pycs; never timestamps.",
        ),
        "strip_docstrings": attr.bool(doc = "Drop docstrings, keep asserts."),
        "python_version": attr.string(
            default = "3.11",
            doc = "The CPython X.Y the pycs are for (and named after). " +
                  "pycpack refuses a version other than its embedded one " +
                  "unless `interpreter` gives a program for it.",
        ),
        "interpreter": attr.string(
            doc = "A python program for python_version (a path on the " +
                  "execution machine or a name in its PATH); not hermetic.",
        ),
    }),
)
