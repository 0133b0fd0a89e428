"""pycpack_library: Python sources and data, with how they ship."""

load(":common.bzl", "check_levels", "join", "normalize", "package_dir", "path_in_root")

_MODES = ["inherit", "py-only", "pyc-only", "py+pyc-checked", "py+pyc-unchecked"]

PycpackLibraryInfo = provider(
    doc = "Libraries for pycpack_package: a pycpack_library and its deps.",
    fields = {
        "libraries": "list of structs, the library itself first, then its " +
                     "deps' (each once): label, name, parts (list of " +
                     "struct(root, files): a root below the execroot and " +
                     "the paths of the library's files relative to it; " +
                     "one part per source or output root), settings (dict " +
                     "of manifest compile settings) and srcs (depset of File).",
    },
)

_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"

def _check_name(name, label):
    for c in name.elems():
        if c not in _NAME_CHARS:
            fail(("%s: library name %r: use only letters A-Z a-z, digits, " +
                  "'.', '_' and '-'") % (label, name))

def settings_dict(attr, what):
    """The manifest's compile settings from the attributes mode, optimize,
    strip_docstrings (tri-state: -1 unset) and source_path_prefix."""
    out = {}
    if attr.mode != "inherit":
        out["mode"] = attr.mode
    if attr.optimize:
        check_levels(attr.optimize, what + ": optimize")
        out["optimize"] = attr.optimize
    if attr.strip_docstrings != -1:
        out["strip_docstrings"] = attr.strip_docstrings == 1
    if attr.source_path_prefix:
        out["source_path"] = {"prefix": attr.source_path_prefix}
    return out

SETTINGS_ATTRS = {
    "mode": attr.string(
        default = "inherit",
        values = _MODES,
        doc = "How the files ship (docs/manifest.md, Modes); inherit: the " +
              "package's mode, else py+pyc-checked.",
    ),
    "optimize": attr.int_list(
        doc = "Optimization levels (0, 1, 2); empty: inherit, else [0]. " +
              "pyc-only takes exactly one.",
    ),
    "strip_docstrings": attr.int(
        default = -1,
        values = [-1, 0, 1],
        doc = "1: drop docstrings but keep asserts; 0: keep them; -1: inherit.",
    ),
    "source_path_prefix": attr.string(
        doc = "co_filename = this prefix + the path relative to the root " +
              "(e.g. '/var/task/'); empty: the relative path.",
    ),
}

def _root_base(ctx):
    """The library root below the source (or bin) root, from strip_prefix:
    relative to the package, or to the repository when it starts with '/'."""
    sp = ctx.attr.strip_prefix
    what = "%s: strip_prefix" % ctx.label
    if sp.startswith("/"):
        return normalize(join(ctx.label.workspace_root, sp[1:]), what)
    return normalize(join(package_dir(ctx.label), sp), what)

def _parts(ctx, base):
    by_root = {}
    for f in ctx.files.srcs:
        in_root = path_in_root(f)
        if base and not in_root.startswith(base + "/"):
            fail("%s: %s is not below the library root '%s' (set strip_prefix)" %
                 (ctx.label, f.short_path, base))
        rel = in_root[len(base) + 1:] if base else in_root
        by_root.setdefault(f.root.path, []).append(rel)
    parts = []
    for root in sorted(by_root):  # the source root ("") first
        # Two targets may give one file (a glob and a filegroup): list it once.
        files = sorted({r: None for r in by_root[root]}.keys())
        parts.append(struct(root = join(root, base), files = files))
    return parts

def _pycpack_library_impl(ctx):
    name = ctx.attr.library_name or ctx.label.name
    _check_name(name, ctx.label)
    own = struct(
        label = str(ctx.label),
        name = name,
        parts = _parts(ctx, _root_base(ctx)),
        settings = settings_dict(ctx.attr, str(ctx.label)),
        srcs = depset(ctx.files.srcs),
    )
    libraries = [own]
    seen = {own.label: True}
    for dep in ctx.attr.deps:
        for lib in dep[PycpackLibraryInfo].libraries:
            if lib.label not in seen:
                seen[lib.label] = True
                libraries.append(lib)
    return [
        DefaultInfo(files = own.srcs),
        PycpackLibraryInfo(libraries = libraries),
    ]

pycpack_library = rule(
    implementation = _pycpack_library_impl,
    doc = "A library of a pycpack manifest: its files (sources, data, " +
          "generated files) and compile settings.",
    attrs = dict(SETTINGS_ATTRS, **{
        "srcs": attr.label_list(
            allow_files = True,
            doc = "The library's files: .py sources and anything shipped as it is.",
        ),
        "strip_prefix": attr.string(
            doc = "The library root, relative to this package (a leading " +
                  "'/': to the repository root); files' paths in the " +
                  "artifact are relative to it. Default: the package.",
        ),
        "library_name": attr.string(
            doc = "The name in the manifest and in messages (default: the " +
                  "target's name).",
        ),
        "deps": attr.label_list(
            providers = [PycpackLibraryInfo],
            doc = "Libraries packaged along with this one.",
        ),
    }),
)
