"""pycpack_package: one artifact from pycpack libraries, through a manifest."""

load(
    ":common.bzl",
    "TOOL_ATTRS",
    "WORKER_EXECUTION_REQUIREMENTS",
    "join",
    "params_args",
)
load(":library.bzl", "PycpackLibraryInfo", "SETTINGS_ATTRS", "settings_dict")

# Output format -> file name suffix; None: a directory (tree artifact).
_SUFFIX = {
    "dir": None,
    "tar": ".tar",
    "tar.gz": ".tar.gz",
    "tar.zst": ".tar.zst",
    "zip": ".zip",
    "wheel": None,  # the directory that receives {name}-{version}-{tag}.whl
    "lambda-layer": ".zip",
    "oci-layer": None,  # by compression
}
_OCI_SUFFIX = {"none": ".tar", "gzip": ".tar.gz", "zstd": ".tar.zst"}
_WHEEL_KEYS = ["name", "version", "summary", "license", "requires_python", "description"]

def _collect_libraries(ctx):
    """Every library of ctx.attr.libraries and their deps, each once."""
    out, seen = [], {}
    for target in ctx.attr.libraries:
        for lib in target[PycpackLibraryInfo].libraries:
            if lib.label not in seen:
                seen[lib.label] = True
                out.append(lib)
    return out

def _manifest_libraries(ctx, libraries, up):
    """The manifest's "libraries": one per part (source files, generated
    files) of each library; roots relative to the manifest's directory."""
    entries, names = [], {}
    for lib in libraries:
        for i, part in enumerate(lib.parts):
            name = lib.name if i == 0 else "%s.generated" % lib.name
            if name in names:
                fail("%s: two libraries named %r (%s and %s); set library_name" %
                     (ctx.label, name, names[name], lib.label))
            names[name] = lib.label
            entry = {"name": name, "root": join(up, part.root), "files": part.files}
            entry.update(lib.settings)
            entries.append(entry)
    if not entries:
        fail("%s: the libraries hold no files" % ctx.label)
    return entries

def _declare_output(ctx):
    fmt = ctx.attr.format
    suffix = _SUFFIX[fmt]
    if fmt == "oci-layer":
        suffix = _OCI_SUFFIX[ctx.attr.compression]
    if suffix == None:
        return ctx.actions.declare_directory(ctx.attr.out or ctx.label.name)
    return ctx.actions.declare_file(ctx.attr.out or ctx.label.name + suffix)

def _manifest_output(ctx, path):
    fmt = ctx.attr.format
    output = {"path": path, "format": fmt}
    if ctx.attr.prefix:
        output["prefix"] = ctx.attr.prefix
    if ctx.attr.compression:
        if fmt != "oci-layer":
            fail("%s: compression is for oci-layer only" % ctx.label)
        output["compression"] = ctx.attr.compression
    if ctx.attr.wheel_metadata or ctx.attr.requires_dist:
        if fmt != "wheel":
            fail("%s: wheel_metadata and requires_dist are for wheel only" % ctx.label)
    for key, value in ctx.attr.wheel_metadata.items():
        if key not in _WHEEL_KEYS:
            fail("%s: wheel_metadata: unknown key %r (expected one of %s)" %
                 (ctx.label, key, ", ".join(_WHEEL_KEYS)))
        output[key] = value
    if ctx.attr.requires_dist:
        output["requires_dist"] = ctx.attr.requires_dist
    return output

def _pycpack_package_impl(ctx):
    libraries = _collect_libraries(ctx)
    out = _declare_output(ctx)
    manifest = ctx.actions.declare_file(ctx.label.name + ".pycpack.json")

    # Every path in the manifest is relative to its own directory (the
    # package's bin directory), which lies len(dirname) levels below the
    # execroot: no absolute path, so the action is the same on every machine.
    up = "/".join([".."] * len(manifest.dirname.split("/")))
    doc = {
        "manifest_version": 1,
        "libraries": _manifest_libraries(ctx, libraries, up),
        "outputs": [_manifest_output(ctx, out.path[len(manifest.dirname) + 1:])],
    }
    defaults = settings_dict(ctx.attr, str(ctx.label))
    if defaults:
        doc["defaults"] = defaults
    ctx.actions.write(manifest, json.encode(doc) + "\n")

    args = params_args(ctx)
    args.add(manifest)
    args.add("--no-cache")  # Bazel caches; pycpack's cache is outside the sandbox
    args.add("--quiet")
    args.add("--jobs", str(ctx.attr.jobs))  # never "one per core": same key everywhere
    if ctx.attr.force_mode:
        args.add("--force-mode", ctx.attr.force_mode)
    env = {}
    if ctx.attr.source_date_epoch:
        env["SOURCE_DATE_EPOCH"] = str(ctx.attr.source_date_epoch)
    ctx.actions.run(
        mnemonic = "PycpackBuild",
        executable = ctx.executable.tool,
        arguments = ["build", args],
        inputs = depset([manifest], transitive = [lib.srcs for lib in libraries]),
        outputs = [out],
        env = env,
        execution_requirements = WORKER_EXECUTION_REQUIREMENTS,
        progress_message = "Packing %s (%s)" % (ctx.label, ctx.attr.format),
    )
    return [
        DefaultInfo(files = depset([out])),
        OutputGroupInfo(pycpack_manifest = depset([manifest])),
    ]

pycpack_package = rule(
    implementation = _pycpack_package_impl,
    doc = "Builds one artifact from pycpack libraries with `pycpack build`.",
    attrs = dict(SETTINGS_ATTRS, **dict(TOOL_ATTRS, **{
        "libraries": attr.label_list(
            providers = [PycpackLibraryInfo],
            mandatory = True,
            doc = "pycpack_library targets (their deps come along).",
        ),
        "format": attr.string(
            default = "tar.gz",
            values = sorted(_SUFFIX.keys()),
            doc = "The artifact's format (docs/manifest.md, Outputs).",
        ),
        "out": attr.string(
            doc = "The output's name in this package (default: the target's " +
                  "name + the format's suffix; dir and wheel: a directory).",
        ),
        "prefix": attr.string(doc = "Directory inside the artifact for every entry."),
        "compression": attr.string(
            values = ["", "none", "gzip", "zstd"],
            doc = "oci-layer only (default gzip).",
        ),
        "wheel_metadata": attr.string_dict(
            doc = "wheel only: name, version, summary, license, " +
                  "requires_python, description.",
        ),
        "requires_dist": attr.string_list(doc = "wheel only: Requires-Dist lines."),
        "force_mode": attr.string(
            values = ["", "py-only", "pyc-only", "py+pyc-checked", "py+pyc-unchecked"],
            doc = "Every library in this mode (pycpack build --force-mode).",
        ),
        "jobs": attr.int(
            default = 1,
            doc = "Compile processes inside the action (pycpack build -j); " +
                  "1 compiles in the pycpack process itself.",
        ),
        "source_date_epoch": attr.int(
            doc = "Time stamp of every entry (default 0: 1980-01-01).",
        ),
    })),
)
