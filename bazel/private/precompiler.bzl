"""pycpack_precompiler: pycpack as rules_python's precompiler (docs/bazel.md)."""

load(":common.bzl", "TOOL_ATTRS", "WORKER_EXECUTION_REQUIREMENTS")

def _runfiles_path(ctx, f):
    if f.short_path.startswith("../"):
        return f.short_path[3:]  # a file of another repository
    return ctx.workspace_name + "/" + f.short_path

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _pycpack_precompiler_impl(ctx):
    tool = ctx.executable.tool
    exe = ctx.actions.declare_file(ctx.label.name)
    interpreters = " ".join([
        "--interpreter " + _shell_quote("%s=%s" % (version, program))
        for version, program in sorted(ctx.attr.interpreters.items())
    ])

    # rules_python runs the precompiler as `<it> @params` and, as a worker,
    # `<it> --persistent_worker`; pycpack wants the subcommand first.
    ctx.actions.write(exe, "\n".join([
        "#!/bin/sh",
        "# pycpack precompile, for rules_python's precompile action.",
        'exec "$0.runfiles/%s" precompile %s"$@"' % (
            _runfiles_path(ctx, tool),
            interpreters + " " if interpreters else "",
        ),
        "",
    ]), is_executable = True)
    runfiles = ctx.runfiles(files = [tool]).merge(ctx.attr.tool[DefaultInfo].default_runfiles)
    return [
        DefaultInfo(executable = exe, runfiles = runfiles),
        # rules_python copies these into its PyCompile actions.
        testing.ExecutionInfo(WORKER_EXECUTION_REQUIREMENTS),
    ]

pycpack_precompiler = rule(
    implementation = _pycpack_precompiler_impl,
    doc = "An executable for py_exec_tools_toolchain(precompiler = ...): " +
          "runs `pycpack precompile`, and marks rules_python's precompile " +
          "actions as JSON multiplex workers. Needs /bin/sh where it runs.",
    executable = True,
    attrs = dict(TOOL_ATTRS, **{
        "interpreters": attr.string_dict(
            doc = "X.Y -> a Python program for that version on the machine " +
                  "that runs the actions (pycpack precompile --interpreter); " +
                  "the embedded CPython needs none.",
        ),
    }),
)
